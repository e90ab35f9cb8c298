import Foundation
import SockBenchCore
import SockBenchModel
import Testing

/// Every bad input: exit 64 before any worker starts, one line naming the input and the accepted
/// form, and no output directory created.
@Suite struct BadInputTests {
    static let cases: [(arguments: [String], mentions: String)] = [
        (["--transport", "foo"], "--transport"),
        (["--pattern", "ping"], "--pattern"),
        (["--mode", "turbo"], "--mode"),
        // The io_uring modes are spelled as the kernel's interface is: an underscore, then -sqpoll.
        (["--mode", "io-uring"], "--mode: invalid value 'io-uring'; use a comma-separated list of blocking, nonblocking, epoll, epoll-et, busy-poll, timeout, io_uring, io_uring-sqpoll"),
        (["--preset", "nope"], "--preset"),
        (["--cpu", "everywhere"], "--cpu"),
        (["--cpu", "7+9"], "core"),
        (["--sizee", "64"], "--sizee"),
        (["--size", "0"], "--size"),
        (["--size", "-5"], "--size"),
        (["--size", "abc"], "--size"),
        (["--size", "12Q"], "--size"),
        (["--size", "1G"], "--size"),
        (["--duration", "0"], "--duration"),
        (["--duration", "nan"], "--duration"),
        (["--duration", "10000h"], "--duration"),
        (["--duration=-1s"], "--duration"),
        (["--warmup", "soon"], "--warmup"),
        // A bare number used to mean seconds: --duration 200 ran for minutes.
        (["--duration", "200"], "'200' has no unit; write 200ms"),
        (["--warmup", "5"], "'--warmup <duration>': '5' has no unit"),
        (["--duration", "1.5"], "'--duration <duration>': '1.5' has no unit"),
        (["--count", "0"], "--count"),
        (["--repetitions", "0"], "--repetitions"),
        (["--pairs", "0"], "--pairs"),
        (["--sndbuf", "lots"], "--sndbuf"),
        (["--transport", "udp", "--nodelay", "on"], "TCP_NODELAY"),
        (["--target-ci", "-2%"], "--target-ci"),
        (["--name", "../escape"], "--name"),
        (["--writes", "0"], "--writes: invalid value '0'; use 1 or 2"),
        (["--writes", "3"], "--writes: invalid value '3'; use 1 or 2"),
        (["--reply-writes", "3"], "--reply-writes: invalid value '3'; use 1 or 2"),
        (["--split-write", "nagle"], "--split-write: invalid value 'nagle'; use a comma-separated list of plain, more, cork, writev"),
        (["--quickack", "yes"], "--quickack: invalid value 'yes'; use on, off or on,off"),
        (["--busy-poll-us=-1"], "--busy-poll-us: invalid value '-1'; use whole microseconds from 0 to 1000000"),
        (["--busy-poll-us", "50us"], "--busy-poll-us: invalid value '50us'"),
        (["--zerocopy", "maybe"], "--zerocopy: invalid value 'maybe'; use on, off or on,off"),
        (["--keepalive", "1"], "--keepalive: invalid value '1'; use on, off or on,off"),
        (["--keepalive-idle", "1"], "--keepalive-idle: needs --keepalive on"),
        (["--keepalive", "on", "--keepalive-idle", "0"], "--keepalive-idle: invalid value '0'; use whole seconds from 1 to 32767"),
        (["--keepalive", "on", "--keepalive-count", "200"], "--keepalive-count: invalid value '200'; use whole probes from 1 to 127"),
        // A distribution holds commas of its own: one per --size-dist, each checked whole.
        (["--size-dist", "4K..64"], "--size-dist: invalid value '4K..64' (the range runs backwards; put the smaller size first); use a range such as 64..4K or sizes with weights such as 64:0.9,64K:0.1"),
        (["--size-dist", "64..4K", "--size-dist", "64:0.9,64K:-0.1"], "--size-dist: invalid value '64:0.9,64K:-0.1' (the weight '-0.1' of 64KiB is not a positive number)"),
        (["--size-dist", "64,4K"], "--size-dist: invalid value '64,4K' ('64' is not SIZE:WEIGHT)"),
        (["--size-dist", "64:1,1M:0.0001"], "1MiB has under 1/4096 of the weight"),
        (["--size-dist", "1..65M"], "(the range is outside 1 byte ... 64MiB)"),
        (["--size", "64", "--size-dist", "64..4K"], "--size and --size-dist both set the message sizes; give one"),
        (["--size-dist", "64..4K", "--compare", "size=64,1K"], "--compare size=… compares fixed sizes; drop --size-dist"),
        (["--timeout", "0"], "--timeout: '0' is outside the range; accepted: 1ms to 60s"),
        (["--timeout", "2m"], "--timeout"),
        // A value that does not parse is not "outside the range".
        (["--timeout", "abc"], "The value 'abc' is invalid for '--timeout <duration>': use a positive duration with a unit"),
        (["--connections", "0"], "--connections: invalid value '0'; use whole numbers from 1 to 1000000"),
        (["--connections", "1000001"], "--connections: invalid value '1000001'; use whole numbers from 1 to 1000000"),
        (["--client-processes", "0"], "--client-processes: 0 is outside 1...64"),
        // A shm ring holds whole messages: one too small for a size is refused with the range.
        (["--transport", "unix,shm", "--size", "64,64K", "--sndbuf", "4K"], "--sndbuf 4KiB: a shm ring holds whole messages, so for 64KiB messages it takes --sndbuf 64KiB...1GiB"),
    ]

    @Test(arguments: cases)
    func isRejectedWithOneClearLine(arguments: [String], mentions: String) throws {
        let result = try CLIProcess.refusal(["run"] + arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.firstLine.hasPrefix("sockbench: "), "\(arguments): \(result.stderr)")
        #expect(result.firstLine.contains(mentions), "\(arguments): \(result.firstLine)")
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"))
        #expect(!result.wroteOutput, "nothing written for \(arguments)")
    }

    /// `--server-address` is checked before any worker starts: a malformed address is a usage error
    /// (64), a name that does not resolve is EX_NOHOST (68), each with one line giving the accepted
    /// forms, and nothing is written. No traffic leaves loopback: `.invalid` fails to resolve locally.
    @Test(arguments: [
        ("[::1]", Int32(64), "'[::1]': write an IPv6 address without brackets (::1)"),
        ("127.0.0.1:8080", Int32(64), "'127.0.0.1:8080' carries a port; give it as --server-port 8080"),
        ("999.1.1.1", Int32(64), "'999.1.1.1' is not an IPv4 address"),
        ("no-such-host.invalid", Int32(68), "'no-such-host.invalid' does not resolve"),
    ])
    func serverAddressIsCheckedBeforeMeasuring(address: String, status: Int32, mentions: String) throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let output = scratch + "/run"
        let result = try CLIProcess.run([
            "run", "--transport", "tcp", "--pattern", "pingpong", "--server-address", address,
            "--duration", "200ms", "--warmup", "50ms", "--repetitions", "1", "--quiet", "--output", output,
        ])
        #expect(result.status == status, "\(address): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let first = lines.first ?? ""
        #expect(first.hasPrefix("sockbench: --server-address: "), "\(result.stderr)")
        #expect(first.contains(mentions), "\(first)")
        #expect(first.contains("accepted: an IPv4 address (192.0.2.1), an IPv6 address without brackets (::1) or a host name"), "\(first)")
        #expect(!result.stderr.contains("EADDRNOTAVAIL"))
        #expect(!FileManager.default.fileExists(atPath: output), "nothing written for \(address)")
        // The same check holds for --dry-run, which starts nothing.
        let dry = try CLIProcess.run(["run", "--transport", "tcp", "--server-address", address, "--dry-run"])
        #expect(dry.status == status, "\(address): \(dry.stderr)")
    }

    /// pipe and shm join two workers on one host: with a server address they are skipped with the
    /// reason, and a run of nothing else exits 64 naming it, before any worker starts.
    @Test func pipeAndShmAcrossHostsExitWithTheReason() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let output = scratch + "/run"
        let result = try CLIProcess.run(["run", "--transport", "shm,pipe", "--server-address", "127.0.0.1", "--output", output])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("shm pingpong 64B: shared memory is local to one host"), "\(result.stderr)")
        #expect(result.stderr.contains("pipe stream 64B: a pipe is local to one host"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func aLoopbackServerAddressAndANameThatResolvesAreAccepted() throws {
        for address in ["127.0.0.1", "::1", "localhost"] {
            let dry = try CLIProcess.run(["run", "--transport", "tcp,tcp6", "--server-address", address, "--dry-run"])
            #expect(dry.status == 0, "\(address): \(dry.stderr)")
        }
    }

    /// More connections than the hard RLIMIT_NOFILE allows: exit 64 before any worker starts, naming
    /// the need, the limit and `ulimit -n`.
    @Test func connectionsBeyondTheOpenFilesLimitAreRefused() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let output = scratch + "/run"
        let result = try CLIProcess.run(
            ["run", "--transport", "unix", "--pattern", "pingpong", "--connections", "1000", "--output", output],
            launcher: ["prlimit", "--nofile=256:256"]
        )
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("needs 1064 open files"), "\(result.stderr)")
        #expect(result.stderr.contains("hard 256") && result.stderr.contains("ulimit -n"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// `check --spec` builds its run through the same plan as `run`: the open-files rule refuses the
    /// spec's connections there too (exit 64, one line), before any baseline is read or worker started.
    @Test func checkSpecRefusesWhatRunRefuses() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let spec = scratch + "/many.yaml"
        try "axes: {transport: [unix], pattern: [pingpong], connections: [1000]}\n".write(toFile: spec, atomically: true, encoding: .utf8)
        let output = scratch + "/run"
        for command in [["run", "--spec", spec], ["check", "--baseline", scratch + "/none", "--spec", spec]] {
            let result = try CLIProcess.run(command + ["--output", output], launcher: ["prlimit", "--nofile=256:256"])
            #expect(result.status == 64, "\(command[0]): \(result.stderr)")
            let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            #expect(first.hasPrefix("sockbench: --connections 1000 needs 1064 open files"), "\(command[0]): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output), "\(command[0]) wrote nothing")
        }
    }

    /// Cores come from the affinity mask, not the machine: under `taskset` a core outside the mask is
    /// a bad input, and one inside it is accepted.
    @Test func cpuOutsideTheAffinityMaskIsRejected() throws {
        let usable = Sys.usableCPUs()
        let pinned = usable[0]
        let other = usable.dropFirst().first ?? pinned + 1
        let taskset = ["taskset", "-c", String(pinned)]
        let rejected = try CLIProcess.run(["run", "--cpu", "\(other)+\(pinned)", "--dry-run"], launcher: taskset)
        #expect(rejected.status == 64, "\(rejected.stderr)")
        let first = rejected.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("sockbench: ") && first.contains("--cpu") && first.contains("core \(other)"), "\(rejected.stderr)")
        let accepted = try CLIProcess.run(["run", "--cpu", "\(pinned)+\(pinned)", "--dry-run"], launcher: taskset)
        #expect(accepted.status == 0, "\(accepted.stderr)")
    }

    @Test func specErrorsNameLineAndColumn() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let cases = [
            ("name: x\nrepetitions: 3\naxes:\n  transport: [unix]\n  colour: [red]\n", "spec.yaml:5:3"),
            ("axes:\n  size: []\n", "empty"),
            ("repetitions: many\n", "repetitions"),
            ("axes: [unix\n", "not valid YAML"),
            ("axes:\n  transport: [unix, carrier-pigeon]\n", "carrier-pigeon"),
            ("name: x\nduration: 200\n", "spec.yaml:2:11: 'duration' '200' has no unit; write 200ms"),
            ("warmup: 5\n", "spec.yaml:1:9: 'warmup' '5' has no unit"),
            // The rate axis follows the command line's rules.
            ("axes:\n  pattern: [pingpong]\n  rate: [10k]\n", "spec.yaml:2:3: --rate: pingpong is closed-loop"),
            ("axes:\n  pattern: [stream]\n  rate: [fast]\n", "spec.yaml:3:9: --rate: invalid value 'fast'"),
            ("axes:\n  connections: [10]\n  pairs: [2]\n", "spec.yaml:2:3: --pairs 2 does not apply with --connections"),
        ]
        for (text, mention) in cases {
            let path = scratch + "/spec.yaml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try CLIProcess.run(["run", "--spec", path, "--output", scratch + "/out"])
            #expect(result.status == 64, "\(text): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").first?.contains(mention) == true, "\(mention): \(result.stderr)")
            #expect(result.stderr.hasPrefix("sockbench: "), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch + "/out"))
    }

    /// `--pairs` with `--connections` was dropped silently (every cell had one pair, run.json kept
    /// the pairs asked for): refused, as on every way in to the axes.
    @Test(arguments: [
        ["run", "--transport", "unix", "--connections", "10", "--pairs", "2,4", "--dry-run"],
        ["run", "--transport", "unix", "--connections", "10", "--compare", "pairs=1,2", "--dry-run"],
        ["calibrate", "--transport", "unix", "--connections", "10", "--pairs", "2"],
    ])
    func pairsWithConnectionsAreRefused(arguments: [String]) throws {
        let result = try CLIProcess.refusal(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.firstLine.hasPrefix("sockbench: ") && result.firstLine.contains("does not apply with --connections"), "\(result.stderr)")
        #expect(!result.wroteOutput)
    }

    @Test func unwritableOutputIsExit74() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        try "x".write(toFile: scratch + "/file", atomically: true, encoding: .utf8)
        for output in [scratch + "/file/run", "/proc/sockbench-run"] {
            let result = try CLIProcess.run(["run", "--transport", "unix", "--pattern", "pingpong", "--repetitions", "1", "--duration", "50ms", "--output", output])
            #expect(result.status == 74, "\(output): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        }
    }

    @Test func anExistingRunIsNeverOverwritten() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let arguments = ["run", "--transport", "unix", "--pattern", "pingpong", "--repetitions", "1", "--duration", "50ms", "--warmup", "10ms", "--quiet", "--output", scratch + "/run"]
        #expect(try CLIProcess.run(arguments).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: scratch + "/run/measurements.csv"))
        let second = try CLIProcess.run(arguments)
        #expect(second.status == 74)
        #expect(second.stderr.contains("already holds a run"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch + "/run/measurements.csv")) == before)
    }

    @Test func presetsAllParseAndDryRun() throws {
        let list = try CLIProcess.run(["presets"])
        #expect(list.status == 0)
        for name in ["quick", "ci", "default", "buffers", "nagle", "modes", "full"] {
            #expect(list.stdout.contains(name))
            let dry = try CLIProcess.run(["run", "--preset", name, "--dry-run"])
            #expect(dry.status == 0, "\(name): \(dry.stderr)")
            #expect(dry.stdout.contains("plan: ") && dry.stdout.contains("estimated time"))
        }
    }

    /// `sockbench --help` and README's table list exactly the exit statuses `ExitStatus` has.
    @Test func helpAndReadmeListTheSameExitCodes() throws {
        let statuses = Set(ExitStatus.allCases.map { String($0.rawValue) })
        let help = try CLIProcess.run(["--help"])
        let section = help.stdout.components(separatedBy: "EXIT STATUS").last ?? ""
        let helpCodes = Set(section.split(separator: "\n").compactMap { line -> String? in
            let word = line.split(separator: " ").first.map(String.init) ?? ""
            return Int(word) != nil ? word : nil
        })
        #expect(helpCodes == statuses, "--help \(helpCodes) vs ExitStatus \(statuses)")
        let readme = try String(contentsOfFile: Self.repository + "/README.md", encoding: .utf8)
        let table = readme.components(separatedBy: "## Exit codes").last?.components(separatedBy: "\n## ").first ?? ""
        let readmeCodes = Set(table.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| "), let cell = line.split(separator: "|").first?.trimmingCharacters(in: .whitespaces) else { return nil }
            return cell.split(separator: "/").first.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { Int($0) != nil ? $0 : nil }
        })
        #expect(readmeCodes == statuses, "README \(readmeCodes) vs ExitStatus \(statuses)")
    }

    /// `run --help` says what `--connections` serves as the code does: datagram transports too.
    @Test func connectionsHelpNamesEveryTransportItServes() throws {
        let help = try CLIProcess.run(["run", "--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
            .split(separator: " ").joined(separator: " ")
        #expect(help.contains("--connections <list>"))
        #expect(!help.contains("Stream and seqpacket transports, pattern pingpong"), "\(help)")
        #expect(help.contains("datagram"), "\(help)")
    }

    /// Each preset states its time once (the quick preset said "about 18 s" and "(about 30 s)").
    @Test func presetsStateTheirTimeOnce() throws {
        let list = try CLIProcess.run(["presets"])
        for line in list.stdout.split(separator: "\n") {
            #expect(line.components(separatedBy: "about").count <= 2, "\(line)")
        }
    }

    static var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
}

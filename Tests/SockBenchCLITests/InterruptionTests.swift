import Foundation
import ProcessProbe
@testable import SockBenchStore
import Testing

/// Signals to a real run: finished measurements are kept, the run says it is incomplete,
/// --resume finishes it, and no worker, socket file or directory is left behind.
@Suite(.serialized) struct InterruptionTests {
    static let runArguments = [
        "run", "--transport", "unix,tcp,udp", "--pattern", "pingpong,stream", "--size", "64",
        "--repetitions", "2", "--duration", "200ms", "--warmup", "50ms", "--seed", "7",
    ]

    /// Starts a run (or the command `arguments` give), waits until it has written some rows, then sends `signal`.
    static func interruptedRun(_ signal: Int32, output: String, arguments: [String] = runArguments) throws -> (CLIProcess, Int32) {
        let run = CLIProcess(arguments + ["--output", output])
        try run.start()
        let csv = output + "/measurements.csv"
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: csv, encoding: .utf8), text.split(separator: "\n").count >= 3 { break }
            usleep(20_000)
        }
        kill(run.process.processIdentifier, signal)
        return (run, run.wait(timeout: 30))
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func interruptKeepsFinishedWorkAndResumeFinishesIt(signal: Int32, expected: Int32) throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let output = scratch + "/run"
        let (run, status) = try Self.interruptedRun(signal, output: output)
        let pid = run.process.processIdentifier
        #expect(status == expected, "\(run.stderr)")
        #expect(run.stderr.contains("--resume"))
        let directory = try RunDirectory.open(output)
        let kept = try directory.measurements()
        #expect(kept.count >= 2 && kept.count < 12)
        #expect(try directory.readMetadata().state == .interrupted)
        #expect(Scratch.workers(of: pid).isEmpty, "no worker left")
        #expect(Scratch.socketDirectories(of: pid).isEmpty, "no socket directory left")

        let resumed = try CLIProcess.run(["run", "--resume", output, "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let all = try RunDirectory.open(output).measurements()
        #expect(all.count == 12, "6 cells × 2 repetitions")
        #expect(Set(all.map { "\($0.cell.id)#\($0.repetition)" }).count == 12, "each exactly once")
        #expect(Array(all.prefix(kept.count)).map(\.cell.id) == kept.map(\.cell.id), "earlier rows untouched")
        #expect(try RunDirectory.open(output).readMetadata().state == .complete)
    }

    /// `load` and `calibrate` stop on Ctrl-C as `run` does: the finished rows kept, run.json
    /// `interrupted`, a line saying so, exit 130, nothing left behind.
    @Test(arguments: [
        ["load", "--transport", "unix,tcp", "--size", "64", "--step-duration", "100ms", "--warmup", "20ms", "--repetitions", "3",
         "--max-rate", "40k", "--idle", "os"],
        ["calibrate", "--transport", "unix,tcp", "--pattern", "pingpong", "--size", "64", "--mode", "blocking", "--repetitions", "5",
         "--duration", "100ms", "--warmup", "20ms", "--idle", "os"],
    ])
    func loadAndCalibrateSayTheyWereInterrupted(arguments: [String]) throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let output = scratch + "/run"
        let (run, status) = try Self.interruptedRun(SIGINT, output: output, arguments: arguments)
        let pid = run.process.processIdentifier
        #expect(status == 130, "\(arguments[0]): \(run.stderr)")
        #expect(run.stderr.contains("interrupted: finished measurements are kept in \(output)"), "\(arguments[0]): \(run.stderr)")
        let directory = try RunDirectory.open(output)
        #expect(try directory.measurements().count >= 2, "\(arguments[0]): finished rows kept")
        #expect(try directory.readMetadata().state == .interrupted, "\(arguments[0])")
        #expect(FileManager.default.fileExists(atPath: output + "/summary.csv"), "\(arguments[0]): summary.csv written")
        #expect(Scratch.workers(of: pid).isEmpty, "no worker left")
        #expect(Scratch.socketDirectories(of: pid).isEmpty, "no socket directory left")
    }

    @Test func workersDieWithAKilledCoordinatorAndTheNextRunCleansUp() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let output = scratch + "/run"
        let (run, status) = try Self.interruptedRun(SIGKILL, output: output)
        let pid = run.process.processIdentifier
        #expect(status == 9 || status == 137)
        // PR_SET_PDEATHSIG: the workers go with the coordinator.
        let deadline = Date().addingTimeInterval(5)
        while !Scratch.workers(of: pid).isEmpty && Date() < deadline { usleep(50_000) }
        #expect(Scratch.workers(of: pid).isEmpty)
        // Rows written before the kill are whole and readable.
        #expect(try RunDirectory.open(output).measurements().count >= 2)
        // The next run sweeps the dead coordinator's socket directory.
        let next = try CLIProcess.run(["run", "--transport", "unix", "--pattern", "pingpong", "--repetitions", "1", "--duration", "50ms", "--warmup", "10ms", "--quiet", "--output", output + "-next"])
        #expect(next.status == 0)
        #expect(Scratch.socketDirectories(of: pid).isEmpty)
    }

    @Test func twoRunsAtOnceDoNotInterfere() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let arguments = ["run", "--transport", "unix,tcp,udp", "--pattern", "pingpong", "--repetitions", "2", "--duration", "100ms", "--warmup", "20ms", "--name", "twin", "--quiet"]
        let a = CLIProcess(arguments, directory: root)
        let b = CLIProcess(arguments, directory: root)
        try a.start()
        try b.start()
        #expect(a.wait() == 0, "\(a.stderr)")
        #expect(b.wait() == 0, "\(b.stderr)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: root + "/results").filter { $0.contains("twin") }
        #expect(runs.count == 2, "\(runs)")
        for run in runs {
            let rows = try RunDirectory.open(root + "/results/" + run).measurements()
            #expect(rows.count == 6 && rows.allSatisfy { $0.status == .ok })
        }
    }
}

/// The second Ctrl-C and kernel-capped buffers, through the real CLI.
@Suite(.serialized) struct SecondSignalAndCapTests {
    /// Ctrl-C twice in quick succession, as a terminal sends it: two SIGINTs 10 ms apart to the whole
    /// process group (coordinator and workers), 1 s into a 5 s measurement. The second must not skip
    /// the cleanup: exit 130 at once, the run marked interrupted, no worker and no socket directory left.
    @Test func aQuickSecondCtrlCStillCleansUpAndMarksTheRunInterrupted() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let output = scratch + "/run"
        // setsid: a process group of its own, so the signals reach sockbench and its workers, not the test
        // (setsid forks when it already leads a group; --wait passes on the exit status).
        let run = CLIProcess(["run", "--transport", "unix", "--pattern", "pingpong", "--size", "64", "--duration", "5s",
                              "--warmup", "50ms", "--repetitions", "2", "--quiet", "--no-report", "--output", output], launcher: ["setsid", "--wait"])
        try run.start()
        var pid = run.process.processIdentifier
        // Wait until the first measurement is set up (both workers hold their sockets; it starts
        // at once), then 1 s into it.
        let setUp = ProcessProbe.waitUntil(seconds: 10) {
            pid = SessionLeader.of(run.process.processIdentifier)
            let workers = Scratch.workers(of: pid)
            return workers.count == 2 && workers.allSatisfy(ProcessProbe.holdsSocket)
        }
        #expect(setUp, "the run set up its first measurement")
        usleep(1_000_000)
        kill(-pid, SIGINT)
        usleep(10_000)
        kill(-pid, SIGINT)
        let started = Date()
        #expect(run.wait(timeout: 10) == 130, "\(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 5, "the second Ctrl-C does not wait for the measurement")
        #expect(Scratch.workers(of: pid).isEmpty, "no worker left")
        #expect(Scratch.socketDirectories(of: pid).isEmpty, "no socket directory left")
        #expect(try RunDirectory.open(output).readMetadata().state == .interrupted)
        #expect(run.stderr.contains("interrupted: "), "\(run.stderr)")
    }

    @Test func aBufferAboveTheKernelMaximumRunsAndWarns() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let output = scratch + "/run"
        let result = try CLIProcess.run(["run", "--transport", "tcp", "--pattern", "stream", "--sndbuf", "64M", "--repetitions", "1",
                                         "--duration", "50ms", "--warmup", "10ms", "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("capped by the kernel"), "\(result.stderr)")
        let row = try #require(try RunDirectory.open(output).measurements().first)
        #expect(row.cell.sendBufferBytes == 64 << 20)
        #expect((row.sendBufferEffective ?? 0) > 0 && (row.sendBufferEffective ?? 0) < 64 << 20)
    }
}

/// The pid of the session leader `setsid` made: `pid` itself when setsid did not need to fork, else
/// its child (setsid forks when it already leads a process group); `pid` until either exists.
enum SessionLeader {
    static func of(_ pid: Int32) -> Int32 {
        if getsid(pid) == pid { return pid }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for candidate in entries.compactMap({ Int32($0) }) where getsid(candidate) == candidate {
            guard let stat = try? String(contentsOfFile: "/proc/\(candidate)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, Int32(fields[1]) == pid { return candidate }
        }
        return pid
    }
}

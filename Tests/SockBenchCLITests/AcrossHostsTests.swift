import Foundation
import ProcessProbe
import Testing
@testable import SockBenchModel
@testable import SockBenchRunner
@testable import SockBenchStore

/// Runs across two network namespaces through the real CLI: the server worker starts via
/// `ip netns exec`, the data crosses a veth pair, not loopback.
@Suite(.serialized, .enabled(if: NetnsPair.available, Comment(rawValue: NetnsPair.unavailableReason ?? "")))
struct AcrossHostsTests {
    static let short = ["--size", "64", "--repetitions", "1", "--duration", "150ms", "--warmup", "20ms", "--quiet"]

    /// measurements.csv as (status, error, cell_id) per row.
    static func rows(_ directory: String) throws -> [(transport: String, pattern: String, status: String, error: String, cellID: String)] {
        let text = try String(contentsOfFile: "\(directory)/measurements.csv", encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = CSVTestParsing.fields(lines.removeFirst())
        let column = { (name: String) in header.firstIndex(of: name)! }
        return lines.map { line in
            let fields = CSVTestParsing.fields(line)
            return (fields[column("transport")], fields[column("pattern")], fields[column("status")], fields[column("error")], fields[column("cell_id")])
        }
    }

    @Test func ipv4RowsCrossTheVethAndUnixIsSkipped() throws {
        let pair = try NetnsPair()
        defer { pair.remove() }
        let output = Scratch.directory()
        defer { Scratch.remove(output) }
        let run = try CLIProcess.run(["run", "--transport", "unix,tcp,udp", "--pattern", "pingpong,stream", "--output", output + "/run"]
            + Self.short + pair.placement(address: NetnsPair.ipv4Server))
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try Self.rows(output + "/run")
        #expect(rows.map { "\($0.transport) \($0.pattern)" }.sorted() == ["tcp pingpong", "tcp stream", "udp pingpong", "udp stream"])
        for row in rows {
            #expect(row.status == "ok", "\(row.error)")
            #expect(row.cellID.hasSuffix("/hosts=server=10.200.1.2,server-via=ip netns exec \(pair.b),client-via=ip netns exec \(pair.a)"))
        }
        #expect(run.stderr.contains("hosts: client "))
        let metadata = try RunDirectory.open(output + "/run").readMetadata()
        #expect(metadata.settings.hosts?.serverVia == "ip netns exec \(pair.b)")
        #expect(metadata.settings.hosts?.serverAddress == NetnsPair.ipv4Server)
        #expect(metadata.skipped.map(\.description).sorted() == ["unix pingpong 64B: AF_UNIX is local to one host", "unix stream 64B: AF_UNIX is local to one host"])
        let server = try #require(metadata.serverHost)
        #expect(!server.kernel.isEmpty && server.cores > 0 && server.sysctls["net.core.rmem_max"] != nil)
        #expect(server.clockSource != nil)
    }

    @Test func ipv6RowsCrossTheVeth() throws {
        let pair = try NetnsPair()
        defer { pair.remove() }
        guard pair.hasIPv6 else {
            Issue.record("the kernel has no IPv6; tcp6/udp6 across namespaces not tested")
            return
        }
        let output = Scratch.directory()
        defer { Scratch.remove(output) }
        let run = try CLIProcess.run(["run", "--transport", "tcp,tcp6,udp6", "--pattern", "pingpong,stream", "--output", output + "/run"]
            + Self.short + pair.placement(address: NetnsPair.ipv6Server))
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try Self.rows(output + "/run")
        #expect(rows.map { "\($0.transport) \($0.pattern)" }.sorted() == ["tcp6 pingpong", "tcp6 stream", "udp6 pingpong", "udp6 stream"])
        #expect(rows.allSatisfy { $0.status == "ok" }, "\(rows.map(\.error))")
        let skipped = try RunDirectory.open(output + "/run").readMetadata().skipped.map(\.description)
        #expect(skipped.contains("tcp pingpong 64B: --server-address fd00:200:1::2 is not an IPv4 address"), "\(skipped)")
    }

    /// The address is the server's own in `b` and also the client's in `a`: the client's connect
    /// stays in `a`, where nobody listens.
    @Test func nobodyListeningFailsTheRowWithECONNREFUSED() throws {
        let pair = try NetnsPair()
        defer { pair.remove() }
        for ns in [pair.a, pair.b] { try pair.inside(ns, ["ip", "addr", "add", "10.200.1.3/32", "dev", "lo"]) }
        let row = try failedRow(pair, address: "10.200.1.3")
        #expect(row.error.contains("connect(10.200.1.3:") && row.error.contains("ECONNREFUSED"), "\(row.error)")
        #expect(row.error.hasPrefix("client worker (via 'ip netns exec \(pair.a)')"))
    }

    /// An `unreachable` route inside `a`: the kernel refuses at once, no packet leaves.
    @Test func unreachableNetworkFailsTheRowWithEHOSTUNREACH() throws {
        let pair = try NetnsPair()
        defer { pair.remove() }
        try pair.inside(pair.b, ["ip", "addr", "add", "10.200.1.4/32", "dev", "lo"])
        try pair.inside(pair.a, ["ip", "route", "add", "unreachable", "10.200.1.4/32"])
        let row = try failedRow(pair, address: "10.200.1.4")
        #expect(row.error.contains("EHOSTUNREACH") || row.error.contains("ENETUNREACH"), "\(row.error)")
    }

    /// A DROP rule inside `b`: SYNs vanish, so only --connect-timeout ends the connect.
    @Test(.enabled(if: NetnsPair.firewallAvailable, "iptables is not installed (apt-get install iptables)"))
    func silentHostFailsTheRowWithETIMEDOUTWithinTheConnectTimeout() throws {
        let pair = try NetnsPair()
        defer { pair.remove() }
        try pair.inside(pair.b, ["iptables", "-A", "INPUT", "-p", "tcp", "--dport", "47001", "-j", "DROP"])
        let started = Date()
        let row = try failedRow(pair, address: NetnsPair.ipv4Server, extra: ["--server-port", "47001", "--connect-timeout", "1s"])
        #expect(row.error.contains("ETIMEDOUT") && row.error.contains("no answer within 1000 ms"), "\(row.error)")
        // Not a speed threshold: the kernel alone would retry SYNs for minutes.
        #expect(Date().timeIntervalSince(started) < 60)
    }

    @Test func anAddressTheServerDoesNotHaveFailsTheRow() throws {
        let pair = try NetnsPair()
        defer { pair.remove() }
        let row = try failedRow(pair, address: "10.200.1.99")
        #expect(row.error.contains("bind(10.200.1.99:0)") && row.error.contains("EADDRNOTAVAIL"), "\(row.error)")
    }

    @Test func aDifferentVersionElsewhereStopsTheRunBeforeMeasuring() throws {
        let pair = try NetnsPair()
        defer { pair.remove() }
        let output = Scratch.directory()
        defer { Scratch.remove(output) }
        // An older sockbench on the other side: it introduces itself as 0.0.9 and waits.
        let binary = output + "/sockbench-0.0.9"
        let hello = #"{"hello":{"sockbench":"0.0.9","protocolVersion":\#(WorkerHello.currentProtocolVersion)}}"#
        try "#!/bin/sh\necho '\(hello)'\nexec cat >/dev/null\n".write(toFile: binary, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary)
        let via = "ip netns exec \(pair.b)"
        let run = try CLIProcess.run(["run", "--transport", "tcp", "--pattern", "pingpong", "--output", output + "/run",
                                      "--server-via", via, "--server-binary", binary, "--server-address", NetnsPair.ipv4Server] + Self.short)
        #expect(run.status == 69)
        #expect(run.stderr == "sockbench: server worker (via '\(via)') is sockbench 0.0.9, this is \(SockBenchVersion.current): install the same version on both hosts\n")
        #expect(!FileManager.default.fileExists(atPath: output + "/run"))
    }

    @Test func aLauncherThatFailsGivesItsStatusAndStderr() throws {
        let pair = try NetnsPair()
        defer { pair.remove() }
        let binary = Coordinator.defaultWorkerExecutable()
        let cases: [(via: String, binary: String, expected: String)] = [
            ("ip netns exec \(pair.b)-missing", binary, "could not start: the launcher exited with status 255; stderr: Cannot open network namespace \"\(pair.b)-missing\""),
            ("ip netns exec \(pair.b)", "/nonexistent/sockbench", "could not start: the launcher exited with status 1; stderr: exec of \"/nonexistent/sockbench\" failed"),
            ("sockbench-no-such-launcher", binary, "could not start: command not found"),
        ]
        let output = Scratch.directory()
        defer { Scratch.remove(output) }
        for item in cases {
            let run = try CLIProcess.run(["run", "--transport", "tcp", "--pattern", "pingpong", "--output", output + "/run",
                                          "--server-via", item.via, "--server-binary", item.binary, "--server-address", NetnsPair.ipv4Server] + Self.short)
            #expect(run.status == 69, "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output + "/run"))
            #expect(run.stderr.hasPrefix("sockbench: server worker (via '\(item.via)'): \(item.expected)"), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1)
        }
    }

    /// The server side's launcher connection drops mid-run (its processes in `b` are SIGKILLed):
    /// that measurement fails, a new server worker is started and the run goes on.
    @Test func aDroppedServerFailsOneMeasurementAndTheRunGoesOn() throws {
        let pair = try NetnsPair()
        defer { pair.remove() }
        let output = Scratch.directory()
        defer { Scratch.remove(output) }
        let run = CLIProcess(["run", "--transport", "tcp", "--pattern", "pingpong", "--size", "64", "--repetitions", "3",
                              "--duration", "1s", "--warmup", "0", "--quiet", "--output", output + "/run"] + pair.placement(address: NetnsPair.ipv4Server))
        try run.start()
        var killed: [Int32] = []
        // measurements.csv exists once the first pair has started and said hello (a server dropped
        // before that stops the run with 69 instead); after it, the server worker in `b` holds a
        // socket of its own once it has set up a measurement: drop it then.
        let started = ProcessProbe.waitUntil(seconds: 30) { FileManager.default.fileExists(atPath: output + "/run/measurements.csv") }
        if started, ProcessProbe.waitUntil(seconds: 30, { NetnsPair.pids(in: pair.b).contains(where: ProcessProbe.holdsSocket) }) {
            killed = NetnsPair.pids(in: pair.b)
            for pid in killed { kill(pid, SIGKILL) }
        }
        let status = run.wait()
        try #require(!killed.isEmpty, "no server worker found in \(pair.b)")
        #expect(status == 1, "\(run.stderr)")
        let rows = try Self.rows(output + "/run")
        #expect(rows.count == 3)
        #expect(rows.filter { $0.status == "failed" }.count == 1, "\(rows.map(\.error))")
        #expect(rows.filter { $0.status == "ok" }.count == 2)
    }

    /// One tcp ping-pong cell with the client in `a` and the server in `b` at `address`; its row.
    private func failedRow(_ pair: NetnsPair, address: String, extra: [String] = []) throws -> (transport: String, pattern: String, status: String, error: String, cellID: String) {
        let output = Scratch.directory()
        defer { Scratch.remove(output) }
        let run = try CLIProcess.run(["run", "--transport", "tcp", "--pattern", "pingpong", "--output", output + "/run"]
            + Self.short + pair.placement(address: address) + extra)
        #expect(run.status == 1, "\(run.stderr)")
        let rows = try Self.rows(output + "/run")
        try #require(rows.count == 1)
        #expect(rows[0].status == "failed")
        return rows[0]
    }
}

/// Splits one CSV line with RFC 4180 quoting.
enum CSVTestParsing {
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var previousQuote = false
        for character in line {
            if quoted {
                if character == "\"" { quoted = false; previousQuote = true } else { current.append(character) }
            } else if character == "\"" {
                if previousQuote { current.append("\"") }
                quoted = true
            } else if character == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
            if character != "\"" { previousQuote = false }
        }
        fields.append(current)
        return fields
    }
}

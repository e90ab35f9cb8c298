import Foundation
@testable import SockBenchModel
@testable import SockBenchStore
import Testing

/// `--writes` splits the request, `--reply-writes` the reply, through the real CLI: the axis in the
/// plan, in a spec, in both CSV files, and refused where the C loops cannot split.
@Suite(.serialized) struct ReplyWritesCLITests {
    @Test func theDryRunPlansEachSideAndSaysWhatItSkips() throws {
        let dry = try CLIProcess.run([
            "run", "--transport", "tcp,udp", "--pattern", "pingpong,stream", "--writes", "2", "--reply-writes", "1,2", "--dry-run",
        ])
        #expect(dry.status == 0, "\(dry.stderr)")
        let cells = dry.stdout.split(separator: "\n").filter { $0.hasPrefix("  cell  ") }.map { String($0.dropFirst(8)) }
        #expect(cells.contains { $0.hasPrefix("tcp/pingpong/") && $0.hasSuffix("/writes=2") }, "\(dry.stdout)")
        #expect(cells.contains { $0.hasPrefix("tcp/pingpong/") && $0.hasSuffix("/writes=2/reply-writes=2") })
        #expect(!cells.contains { $0.hasPrefix("udp/") && $0.contains("writes=") })
        #expect(dry.stdout.contains("skip  udp pingpong 64B reply-writes=2: a datagram is one write: --reply-writes 2 needs a byte stream"), "\(dry.stdout)")
        #expect(dry.stdout.contains("skip  tcp stream 64B reply-writes=2: --reply-writes 2 applies to request/response patterns"))
    }

    @Test func aSpecTakesReplyWrites() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let spec = scratch + "/spec.yaml"
        try "axes:\n  transport: [unix]\n  pattern: [pingpong]\n  reply-writes: [2]\n".write(toFile: spec, atomically: true, encoding: .utf8)
        let dry = try CLIProcess.run(["run", "--spec", spec, "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("/pairs=1/reply-writes=2\n"), "\(dry.stdout)")
        try "axes:\n  reply-writes: [4]\n".write(toFile: spec, atomically: true, encoding: .utf8)
        let bad = try CLIProcess.run(["run", "--spec", spec, "--output", scratch + "/out"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("reply-writes: invalid value '4'; use 1 or 2"), "\(bad.stderr)")
    }

    /// A split request with a whole reply, measured: both columns in measurements.csv and summary.csv.
    @Test func aRunRecordsBothSidesInItsFiles() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let output = scratch + "/run"
        let run = try CLIProcess.run([
            "run", "--transport", "tcp", "--pattern", "pingpong", "--nodelay", "on", "--writes", "2", "--reply-writes", "1",
            "--count", "200", "--warmup", "10ms", "--repetitions", "1", "--verify", "--quiet", "--no-report", "--output", output,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try MeasurementCSV.parse(String(contentsOfFile: output + "/measurements.csv", encoding: .utf8))
        let m = try #require(rows.first)
        #expect(rows.count == 1 && m.status == .ok, "\(m.error ?? "")")
        #expect(m.cell.writes == 2 && m.cell.replyWrites == nil && m.messages == 400)
        let summary = CSV.parse(try String(contentsOfFile: output + "/summary.csv", encoding: .utf8))
        let header = try #require(summary.first)
        let row = try #require(summary.dropFirst().first)
        #expect(Array(header.suffix(10)) == ["reply_writes", "split_write", "quickack", "threads", "burst", "busy_poll_us", "zerocopy", "keepalive", "size_dist", "idle"], "appended, with the never-empty idle last")
        #expect(row[header.firstIndex(of: "writes")!] == "2" && row[header.firstIndex(of: "reply_writes")!] == "1")
    }

    @Test func calibrateRefusesASplitReply() throws {
        let result = try CLIProcess.run(["calibrate", "--reply-writes", "2"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--reply-writes: the C reference loops send each reply whole"), "\(result.stderr)")
    }
}

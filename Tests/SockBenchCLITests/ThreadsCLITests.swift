import Foundation
@testable import SockBenchStore
import Testing

/// `--threads` through the real CLI on this machine: more threads than usable cores is measured,
/// with a warning, and every connection and every server thread did its share.
@Suite(.serialized) struct ThreadsCLITests {
    @Test func fourThreadsOnFewCoresWarnAndEveryFlowDelivers() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let output = root + "/threads"
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let run = try CLIProcess.run([
            "run", "--transport", "unix,tcp,udp", "--pattern", "pingpong", "--connections", "64", "--threads", "4", "--cpu", "split",
            "--size", "64", "--count", "40000", "--warmup", "20ms", "--repetitions", "1", "--quiet", "--no-report", "--output", output,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        if cores < 10 {
            #expect(run.stderr.contains("warning: --threads 4 (unix, 64 connections): 4 server and 4 client threads on \(cores) usable cores"), "\(run.stderr)")
        }
        let rows = try MeasurementCSV.parse(try String(contentsOfFile: output + "/measurements.csv", encoding: .utf8))
        #expect(rows.map(\.cell.transport.rawValue).sorted() == ["tcp", "udp", "unix"])
        for m in rows {
            #expect(m.status == .ok, "\(m.cell.id): \(m.error ?? "")")
            #expect(m.cell.threads == 4 && m.cell.id.hasSuffix("/threads=4"), "\(m.cell.id)")
            // --count is the cell's total: 40 000 round trips, two messages each, spread over the threads
            // (enough that a server thread descheduled for a few milliseconds on a busy machine does not
            // leave its connections empty: 4 000 took 20 ms, and one connection of 64 then measured none).
            #expect(m.messages == 80000, "\(m.cell.id): \(m.messages)")
            let fairness = try #require(m.connectionRoundTrips, "\(m.cell.id)")
            #expect(fairness.minimum >= 1, "\(m.cell.id): a connection delivered nothing: \(fairness)")
            let threads = try #require(m.threadRates, "\(m.cell.id)")
            #expect(threads.minimum > 0 && threads.minimum <= threads.median && threads.median <= threads.maximum, "\(m.cell.id): \(threads)")
            #expect(m.placement?.hasPrefix("server ") == true, "\(m.cell.id): \(m.placement ?? "none")")
        }
        let csv = try String(contentsOfFile: output + "/measurements.csv", encoding: .utf8)
        let header = try #require(csv.split(separator: "\n").first)
        #expect(header.contains(",threads,placement,thread_msg_per_s_min,thread_msg_per_s_median,thread_msg_per_s_max,burst,"), "\(header)")
    }

    @Test func dryRunShowsThePlacementAndBadValuesExit64() throws {
        let dry = try CLIProcess.run([
            "run", "--transport", "tcp,unix-dgram", "--pattern", "pingpong", "--connections", "8", "--threads", "1,2", "--cpu", "split", "--dry-run",
        ])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("cell  tcp/pingpong/64B") && dry.stdout.contains("/connections=8/threads=2"), "\(dry.stdout)")
        #expect(dry.stdout.contains("threads: server "), "\(dry.stdout)")
        #expect(dry.stdout.contains("skip  unix-dgram pingpong connections=8 threads=2: unix-dgram has neither connections"), "\(dry.stdout)")
        let zero = try CLIProcess.run(["run", "--connections", "8", "--threads", "0", "--dry-run"])
        #expect(zero.status == 64 && zero.stderr.contains("--threads"), "\(zero.stderr)")
        let alone = try CLIProcess.run(["run", "--threads", "2", "--dry-run"])
        #expect(alone.status == 64 && alone.stderr.contains("--threads 2 applies to --connections cells"), "\(alone.stderr)")
    }
}

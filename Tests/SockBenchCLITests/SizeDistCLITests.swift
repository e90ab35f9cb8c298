import Foundation
@testable import SockBenchStore
import Testing

/// `--size-dist` through the real CLI: drawn sizes on real sockets with every byte checked, the
/// bytes counted message by message, the distribution in the files, and the skips with their reason.
@Suite(.serialized) struct SizeDistCLITests {
    /// Stream and pingpong on unix, tcp and udp with sizes from 64 B to 4 KiB: every row ok with
    /// --verify (a receiver expecting another length, or another payload, would fail it), and the
    /// bytes per message near the range's mean, not its largest size.
    @Test func drawnSizesRunWithEveryByteChecked() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let output = root + "/drawn"
        let run = try CLIProcess.run([
            "run", "--transport", "unix,tcp,udp", "--pattern", "stream,pingpong", "--size-dist", "64..4K", "--verify",
            "--duration", "100ms", "--warmup", "20ms", "--repetitions", "1", "--quiet", "--no-report", "--output", output,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try MeasurementCSV.parse(String(contentsOfFile: output + "/measurements.csv", encoding: .utf8))
        #expect(rows.count == 6, "\(rows.map(\.cell.id))")
        for m in rows {
            let label = m.cell.id
            #expect(m.status == .ok, "\(label): \(m.error ?? "")")
            #expect(m.cell.sizeBytes == 4096 && m.cell.sizeDistribution?.spelling == "64B..4KiB" && label.hasSuffix("/size-dist=64B..4KiB"))
            #expect(m.messages > 0, "\(label)")
            // msg/s counts messages; bytes and MB/s what was sent, about the mean of 64..4096 per message.
            let perMessage = Double(m.bytes) / Double(max(1, m.messages))
            #expect(perMessage > 1_000 && perMessage < 3_200, "\(label): \(m.bytes) bytes for \(m.messages) messages")
            let megabytes = try #require(m.megabytesPerSecond)
            #expect(abs(megabytes - Double(m.bytes) / m.seconds / 1e6) <= 0.01 + megabytes * 2e-3, "\(label): \(megabytes) MB/s")
            if m.cell.pattern == .pingpong {
                let roundTrip = try #require(m.roundTrip, "\(label) has round-trip percentiles")
                #expect(roundTrip.p50 > 0 && roundTrip.p99 >= roundTrip.p50)
            }
        }
        let summary = CSV.parse(try String(contentsOfFile: output + "/summary.csv", encoding: .utf8))
        let header = try #require(summary.first)
        let column = try #require(header.firstIndex(of: "size_dist"))
        #expect(summary.dropFirst().allSatisfy { $0[column] == "64B..4KiB" })
        let metadata = try String(contentsOfFile: output + "/run.json", encoding: .utf8)
        #expect(metadata.contains("sizeDistributions") && metadata.contains("uniform"), "run.json records the axis")
    }

    /// The paced stream draws its sizes too, on a byte stream and on datagrams (whose receiver
    /// looks each length up by the sequence number it carries).
    @Test func aPacedStreamDrawsItsSizes() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let output = root + "/paced"
        let run = try CLIProcess.run([
            "run", "--transport", "unix,udp", "--pattern", "stream", "--rate", "5k", "--size-dist", "64:0.9,1K:0.1", "--verify",
            "--duration", "100ms", "--warmup", "20ms", "--repetitions", "1", "--quiet", "--no-report", "--output", output,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try MeasurementCSV.parse(String(contentsOfFile: output + "/measurements.csv", encoding: .utf8))
        #expect(rows.count == 2, "\(rows.map(\.cell.id))")
        for m in rows {
            #expect(m.status == .ok, "\(m.cell.id): \(m.error ?? "")")
            #expect(m.cell.ratePerSecond == 5_000 && m.cell.sizeBytes == 1024 && m.cell.sizeDistribution?.spelling == "64B:0.9,1KiB:0.1")
            let perMessage = Double(m.bytes) / Double(max(1, m.messages))
            #expect(perMessage > 64 && perMessage < 400, "\(m.cell.id): mean near 0.9·64 + 0.1·1024 = 160 B, got \(perMessage)")
            #expect(m.oneWay?.p50 ?? 0 > 0, "\(m.cell.id) has one-way latency")
        }
    }

    /// --dry-run shows the distribution in each cell id; a transport without a drawn-size loop is
    /// skipped with the reason (not an error), and a one-size distribution is a fixed-size cell there.
    @Test func anUnsupportedCombinationIsSkippedWithItsReason() throws {
        let dry = try CLIProcess.run([
            "run", "--transport", "unix,shm", "--pattern", "pingpong", "--size-dist", "64..4K", "--size-dist", "2K", "--dry-run",
        ])
        #expect(dry.status == 0, "\(dry.stderr)")
        let cells = dry.stdout.split(separator: "\n").filter { $0.hasPrefix("  cell  ") }.map { $0.dropFirst(8) }
        #expect(cells.count == 3, "\(dry.stdout)")
        #expect(cells.contains { $0.hasPrefix("unix/pingpong/4096B/") && $0.hasSuffix("/size-dist=64B..4KiB") })
        #expect(cells.contains { $0.hasPrefix("shm/pingpong/2048B/") && !$0.contains("size-dist") })
        #expect(dry.stdout.contains("  skip  shm pingpong 64B..4KiB: a shm ring's loops send one fixed size"), "\(dry.stdout)")
    }
}

import Foundation
@testable import SockBenchStore
import Testing

/// `--reply-size` through the real CLI: requests of one size, replies of another, counted both ways.
@Suite(.serialized) struct ReplySizeCLITests {
    @Test func anRPCShapedPingPongCountsRequestAndReplyBytes() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let output = root + "/rpc"
        let run = try CLIProcess.run([
            "run", "--transport", "unix,udp", "--pattern", "pingpong", "--size", "200", "--reply-size", "2K,64K",
            "--duration", "50ms", "--warmup", "10ms", "--repetitions", "1", "--quiet", "--no-report", "--output", output,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        // udp cannot carry a 64 KiB reply datagram: skipped with the reason, like an oversized request.
        let metadata = try String(contentsOfFile: output + "/run.json", encoding: .utf8)
        #expect(metadata.contains("udp pingpong 200B reply=64KiB") && metadata.contains("reply would not fit"), "\(metadata)")
        let text = try String(contentsOfFile: output + "/measurements.csv", encoding: .utf8)
        let rows = try MeasurementCSV.parse(text)
        #expect(rows.count == 3, "unix 2K, unix 64K, udp 2K: \(rows.map(\.cell.id))")
        for m in rows {
            #expect(m.status == .ok, "\(m.cell.id): \(m.error ?? "")")
            #expect(m.cell.sizeBytes == 200)
            let reply = try #require(m.cell.replySizeBytes)
            #expect(m.cell.id.hasSuffix("/reply=\(reply)B"))
            #expect(m.messages > 0 && m.messages % 2 == 0)
            #expect(m.bytes == m.messages / 2 * (200 + reply), "\(m.cell.id): bytes \(m.bytes) for \(m.messages) messages")
            let rate = try #require(m.roundTripsPerSecond)
            let megabytes = try #require(m.megabytesPerSecond)
            #expect(abs(megabytes - rate * Double(200 + reply) / 1e6) <= 0.01 + megabytes * 1e-3, "\(m.cell.id)")
        }
    }

    /// The sidecar's shape at a fixed rate: 4 KiB requests, 256 B replies, open loop. Every reply is
    /// taken whole (256 B), round trips are timed, bytes count both sizes; a reply too small for the
    /// timing header is skipped with its reason.
    @Test func requestResponseAtAFixedRateTakesRepliesOfTheirOwnSize() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let output = root + "/rr"
        let run = try CLIProcess.run([
            "run", "--transport", "unix,tcp", "--pattern", "rr", "--rate", "2k", "--size", "4K", "--reply-size", "256,16", "--nodelay", "on",
            "--duration", "100ms", "--warmup", "20ms", "--repetitions", "1", "--quiet", "--no-report", "--output", output,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let metadata = try String(contentsOfFile: output + "/run.json", encoding: .utf8)
        #expect(metadata.contains("reply=16B") && metadata.contains("24-byte timing header"), "\(metadata)")
        let rows = try MeasurementCSV.parse(String(contentsOfFile: output + "/measurements.csv", encoding: .utf8))
        #expect(rows.count == 2, "\(rows.map(\.cell.id))")
        for m in rows {
            #expect(m.status == .ok, "\(m.cell.id): \(m.error ?? "")")
            #expect(m.cell.id.contains("/reply=256B"))
            #expect(m.messages > 0 && m.bytes == m.messages / 2 * (4096 + 256), "\(m.cell.id): \(m.bytes) bytes, \(m.messages) messages")
            let roundTrip = try #require(m.roundTrip, "\(m.cell.id) has round-trip percentiles")
            #expect(roundTrip.p50 > 0)
        }
    }

    @Test func calibrateRefusesAReplySize() throws {
        let result = try CLIProcess.run(["calibrate", "--reply-size", "2K"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--reply-size"))
    }
}

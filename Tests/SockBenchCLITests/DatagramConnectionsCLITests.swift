import Foundation
@testable import SockBenchStore
import Testing

/// `--connections` on datagram transports through the real CLI: one server socket, N client sockets.
@Suite(.serialized) struct DatagramConnectionsCLITests {
    @Test func datagramConnectionCellsReportRatesLatencyAndFairness() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let output = root + "/dgram"
        let run = try CLIProcess.run([
            "run", "--transport", "udp,unix-dgram", "--pattern", "pingpong", "--connections", "1,100", "--size", "64",
            "--duration", "100ms", "--warmup", "20ms", "--repetitions", "1", "--client-processes", "2",
            "--quiet", "--no-report", "--output", output,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try MeasurementCSV.parse(try String(contentsOfFile: output + "/measurements.csv", encoding: .utf8))
        #expect(Set(rows.map(\.cell.id)).count == 4, "\(rows.map(\.cell.id))")
        for m in rows {
            #expect(m.status == .ok, "\(m.cell.id): \(m.error ?? "")")
            #expect(m.cell.mode == .epoll && [1, 100].contains(m.cell.connections ?? 0))
            let fairness = try #require(m.connectionRoundTrips, "\(m.cell.id)")
            #expect(fairness.minimum >= 1 && fairness.minimum <= fairness.median && fairness.median <= fairness.maximum, "\(m.cell.id): \(fairness)")
            #expect((m.messagesPerSecond ?? 0) > 0 && (m.roundTrip?.p99 ?? 0) > 0, "\(m.cell.id)")
            #expect((m.cpuMicrosecondsPerMessageReceiver ?? 0) > 0, "\(m.cell.id): server CPU per message")
        }
    }
}

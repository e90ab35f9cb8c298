import Foundation
@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchReport
@testable import SockBenchStats
@testable import SockBenchStore
import Testing

/// Issue 24 item 5: the `--compare` table labels every row, also where an optional axis part
/// (`writes=2`) is missing from some cells, and prints a large change readably.
@Suite struct CompareReportTests {
    @Test func everyRowIsLabelledAndALargeChangeReadsAsTimes() {
        let unix = [1, 2].map { Cell(transport: .unix, pattern: .pingpong, sizeBytes: 64, writes: $0) }
        let tcp = [1, 2].flatMap { writes in [true, false].map { Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: $0, writes: writes) } }
        let cells = unix + tcp
        // Round-trip p50 of 10 µs everywhere, but 2 717.2 times that for tcp split with Nagle on.
        let trap = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: false, writes: 2)
        let measurements = cells.flatMap { cell in
            (1...4).map { slot in
                var m = CellMeasurement(cell: cell, repetition: slot)
                let p50 = cell == trap ? 27_172.0 : 10.0
                m.roundTrip = RoundTripSummary(minimum: p50, mean: p50, p50: p50, p90: p50, p99: p50, p999: p50, maximum: p50)
                m.messagesPerSecond = 1000
                return m
            }
        }
        let spec = CompareSpec(axis: .transport, a: "unix", b: "tcp")
        let comparisons = Comparisons.make(spec, cells: cells, measurements: measurements)
        #expect(comparisons.count == 4 * 3, "4 tcp cells × p50, p99, msg/s")

        let table = CompareReport.table(comparisons)
        let rows = table.split(separator: "\n").dropFirst().prefix(comparisons.count)
        let labels = rows.map { String($0.prefix { $0 != " " }) }
        #expect(labels.allSatisfy { !$0.isEmpty && !Metric.allCases.map(\.rawValue).contains($0) }, "\(table)")
        #expect(Set(labels).count == 4, "one label per tcp cell: \(labels)")
        #expect(labels.contains { $0.contains("writes=default") } && labels.contains { $0.contains("writes=2") }, "\(labels)")
        let trapRow = rows.first { $0.contains("writes=2") && $0.contains("nodelay=off") && $0.contains("rtt_p50_us") }
        #expect(trapRow?.contains("×2 717") == true, "\(table)")

        // compare.csv says the same label in its own column.
        let csv = CSV.parse(CompareReport.csv(comparisons)).dropFirst()
        #expect(csv.allSatisfy { !$0[11].hasPrefix(" ") && $0[11].count > $0[4].count + 1 }, "\(Array(csv))")
    }
}

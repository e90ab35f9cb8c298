import SockBenchCore
import SockBenchModel
@testable import SockBenchStore
import Testing

/// `--threads` in the files: the measurements.csv columns and summary.csv's threads axis read back.
struct ThreadColumnsTests {
    @Test func threadsPlacementAndFairnessRoundTrip() throws {
        var cell = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, cpu: .split, connections: 64)
        cell.threads = 2
        var m = CellMeasurement(cell: cell, repetition: 1)
        m.messages = 100
        m.messagesPerSecond = 1000
        m.placement = "server 1,1 client 0,0"
        m.threadRates = ThreadFairness(minimum: 400.5, median: 600, maximum: 600)
        let row = MeasurementCSV.row(m)
        #expect(row.contains(",2,\"server 1,1 client 0,0\",400.5,600.0,600.0,"), "\(row)")
        let back = try #require(try MeasurementCSV.parse(MeasurementCSV.header + row).first)
        #expect(back.cell == cell && back.cell.id.hasSuffix("/connections=64/threads=2"))
        #expect(back.placement == m.placement && back.threadRates == m.threadRates)
        #expect(SummaryAxis.threads.field(cell) == "2" && SummaryAxis.threads.field(Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64)) == "")
    }
}

import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore
import Testing

/// summary.csv read back into typed rows: the cell of every row, its fields spelled as written, and
/// each metric's median and interval.
@Suite struct SummaryCSVTests {
    /// Cells on every axis the file spells in its own way (empty, `default`, `run`, `na`).
    static let cells: [Cell] = {
        var own = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: false)
        own.idle = .poll
        var cork = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: false, writes: 2, replyWrites: 2)
        cork.splitWrite = .cork
        var quick = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: false, writes: 2)
        quick.quickAck = true
        // A weighted --size-dist is spelled with commas: a quoted field.
        var drawn = Cell(transport: .udp, pattern: .stream, sizeBytes: 65_000)
        drawn.sizeDistribution = .weighted([WeightedSize(bytes: 64, weight: 0.9), WeightedSize(bytes: 65_000, weight: 0.1)])
        return [
            Cell(transport: .unix, pattern: .stream, sizeBytes: 1024, sendBufferBytes: 65_536, batch: 1),
            Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: true, replySizeBytes: 4096, writes: 2, replyWrites: 2),
            Cell(transport: .udp, pattern: .stream, sizeBytes: 64, cpu: .split, batch: 16),
            Cell(transport: .unix, pattern: .pingpong, sizeBytes: 64, connections: 100),
            Cell(transport: .tcp, pattern: .connect, sizeBytes: 64, noDelay: true, engine: .c),
            Cell(transport: .tcp, pattern: .stream, sizeBytes: 64, noDelay: true, ratePerSecond: 20_000),
            own, cork, quick, drawn,
        ]
    }()

    static func summaries() -> [CellSummary] {
        let measurements = cells.enumerated().flatMap { index, cell in
            (1...3).map { repetition in
                var m = CellMeasurement(cell: cell, repetition: repetition)
                m.messagesPerSecond = Double(1000 * (index + 1) + repetition)
                m.sendBufferEffective = 212_992
                return m
            }
        }
        return Summaries.make(cells: cells, measurements: measurements)
    }

    @Test func everyRowReadsBackAsTheCellItSummarizesWithItsFieldsAsWritten() throws {
        let text = SummaryCSV.document(Self.summaries())
        let rows = try SummaryCSV.parse(text, file: "summary.csv")
        #expect(rows.map(\.cell) == Self.cells)
        #expect(rows.map(\.cellID) == Self.cells.map(\.id))
        // Each axis field is what the file holds in that column, also where it is empty.
        let records = CSV.parse(text)
        let header = records[0]
        for (row, fields) in zip(rows, records.dropFirst()) {
            for axis in SummaryAxis.allCases {
                #expect(row.field(axis) == fields[header.firstIndex(of: axis.column)!], "\(row.cellID) \(axis)")
            }
            #expect(row.sendBufferEffective == 212_992 && row.receiveBufferEffective == nil)
        }
        #expect(rows[0].value(.messagesPerSecond) == 1002 && rows[0].value(.messagesPerSecond, .confidenceLow) == 1001)
        #expect(rows[0].value(.messagesPerSecond, .confidenceHigh) == 1003 && rows[0].value(.roundTripP50) == nil)
    }

    @Test func aSummaryWithoutTheLaterAxesHasNoFieldThere() throws {
        let text = SummaryCSV.document(Array(Self.summaries().prefix(2)))
        let records = CSV.parse(text)
        let dropped = Set(["idle", "engine", "split_write", "quickack", "busy_poll_us", "zerocopy", "keepalive"].map { records[0].firstIndex(of: $0)! })
        let older = records.map { CSV.line($0.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)) }.joined()
        let rows = try SummaryCSV.parse(older, file: "summary.csv")
        #expect(rows.count == 2 && rows.allSatisfy { row in
            [.idle, .engine, .splitWrite, .quickAck, .busyPoll, .zeroCopy, .keepAlive].allSatisfy { row.field($0) == nil } && row.field(.transport) != nil
        })
    }

    @Test func aSummaryWithoutTheMatrixAxesOrWithABadCellIsMalformed() {
        #expect(throws: ReportError.malformed("s.csv lacks the column(s) pairs")) {
            try SummaryCSV.parse("cell_id,transport,pattern,size_bytes,sndbuf_requested,rcvbuf_requested,nodelay,mode,cpu,batch,reply_size_bytes,writes,reply_writes,connections,sndbuf_effective,rcvbuf_effective\n", file: "s.csv")
        }
        let text = SummaryCSV.document(Array(Self.summaries().prefix(1))).replacingOccurrences(of: ",unix,", with: ",carrier-pigeon,")
        #expect(throws: ReportError.malformed("s.csv line 2: an axis field is missing or invalid")) {
            try SummaryCSV.parse(text, file: "s.csv")
        }
    }
}

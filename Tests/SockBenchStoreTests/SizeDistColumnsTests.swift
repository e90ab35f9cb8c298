import SockBenchCore
import SockBenchModel
import SockBenchStats
@testable import SockBenchStore
import Testing

/// `--size-dist` in the files: measurements.csv's size_dist column and summary.csv's axis read back
/// as the cell measured; size_bytes holds the largest size.
struct SizeDistColumnsTests {
    @Test func theDistributionRoundTripsThroughBothFiles() throws {
        var cell = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 65_536, noDelay: true)
        cell.sizeDistribution = try SizeDistribution(parsing: "64:0.9,64K:0.1")
        var m = CellMeasurement(cell: cell, repetition: 1)
        m.messages = 200
        m.bytes = 1_323_000
        let row = MeasurementCSV.row(m)
        #expect(row.hasPrefix("tcp,pingpong,65536,") && row.hasSuffix(",\"64B:0.9,64KiB:0.1\",\n"), "\(row)")
        let back = try #require(try MeasurementCSV.parse(MeasurementCSV.header + row).first)
        #expect(back.cell == cell && back.cell.id.hasSuffix("/size-dist=64B:0.9,64KiB:0.1") && back.bytes == 1_323_000)

        let fixed = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: true)
        #expect(SummaryAxis.sizeDistribution.field(cell) == "64B:0.9,64KiB:0.1" && SummaryAxis.sizeDistribution.field(fixed) == "")
        let document = SummaryCSV.document(Summaries.make(cells: [fixed, cell], measurements: [CellMeasurement(cell: fixed, repetition: 1), m]))
        let header = try #require(CSV.parse(document).first)
        #expect(Array(header.suffix(2)) == ["size_dist", "idle"], "before the never-empty idle")
        #expect(try SummaryCSV.parse(document, file: "summary.csv").map(\.cell) == [fixed, cell])
    }

    @Test func aColumnThatIsNotADistributionIsMalformed() throws {
        var cell = Cell(transport: .unix, pattern: .stream, sizeBytes: 4096)
        cell.sizeDistribution = .uniform(smallest: 64, largest: 4096)
        let row = MeasurementCSV.row(CellMeasurement(cell: cell, repetition: 1)).replacingOccurrences(of: ",64B..4KiB,\n", with: ",4K..64,\n")
        #expect(throws: ReportError.malformed("m.csv line 2: size_dist '4K..64' is not a distribution (the range runs backwards; put the smaller size first)")) {
            try MeasurementCSV.parse(MeasurementCSV.header + row, file: "m.csv")
        }
    }
}

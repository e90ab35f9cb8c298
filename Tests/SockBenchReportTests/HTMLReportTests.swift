import Foundation
@testable import SockBenchModel
@testable import SockBenchReport
@testable import SockBenchStats
import Testing

/// report.html as text: one row per cell, only varying axes as columns, comparisons when present.
@Suite struct HTMLReportTests {
    static func summary(_ cell: Cell, _ rates: [Double]) -> CellSummary {
        CellSummary(cell: cell, measurements: rates.enumerated().map { index, rate in
            var m = CellMeasurement(cell: cell, repetition: index + 1)
            m.messagesPerSecond = rate
            m.megabytesPerSecond = rate * Double(cell.bytesPerExchange) / 1e6
            return m
        })
    }

    static let cells = [
        Cell(transport: .unix, pattern: .pingpong, sizeBytes: 200, replySizeBytes: 2048),
        Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 200, replySizeBytes: 2048),
        Cell(transport: .unix, pattern: .stream, sizeBytes: 64, sendBufferBytes: 65_536),
        Cell(transport: .unix, pattern: .stream, sizeBytes: 64),
    ]

    static func report(compare: String? = nil) -> HTMLReport {
        HTMLReport(title: "t", commandLine: "sockbench run --size 200 --reply-size 2K", host: [("host", "h")], warnings: ["load average 3.1 > cores"],
                   summaries: cells.map { summary($0, [1000, 1100, 1234.5678]) }, compareCSV: compare, figuresNote: HTMLReport.noGnuplot)
    }

    static func table(_ html: String, _ id: String) -> String? {
        guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
        let rest = html[start.upperBound...]
        return String(rest[..<rest.range(of: "</table>")!.lowerBound])
    }

    @Test func oneTablePerPatternWithOneRowPerCellAndOnlyTheVaryingAxes() throws {
        let html = Self.report().html()
        let pingpong = try #require(Self.table(html, "results-pingpong"))
        let stream = try #require(Self.table(html, "results-stream"))
        #expect(pingpong.components(separatedBy: "<tr class=\"cell\"").count - 1 == 2)
        #expect(stream.components(separatedBy: "<tr class=\"cell\"").count - 1 == 2)
        // Ping-pong cells differ only in transport; the stream cells only in SO_SNDBUF (transport stays, to name the row).
        #expect(pingpong.contains("<th>transport</th>") && !pingpong.contains("<th>size</th>") && !pingpong.contains("<th>sndbuf</th>"))
        #expect(stream.contains("<th>sndbuf</th>") && stream.contains("64KiB") && stream.contains("default"))
        #expect(html.contains("All rows: pattern=pingpong, size=200B, reply=2KiB"), "the shared axes said once")
        #expect(pingpong.contains("<td class=\"num\">1 100</td>"), "median in the one number format")
        #expect(pingpong.contains("1 000 – 1 235"), "95% interval: [min, max] for n = 3")
        #expect(html.contains("load average 3.1 &gt; cores"), "warnings, escaped")
        #expect(html.contains("Figures need gnuplot"))
        #expect(!html.contains("<script"))
    }

    /// Request/response leads with what it answers: round trips per second and their latency.
    @Test func requestResponseTablesShowRoundTripLatency() throws {
        let cell = Cell(transport: .unix, pattern: .rr, sizeBytes: 4096, replySizeBytes: 256, ratePerSecond: 20_000)
        let summary = CellSummary(cell: cell, measurements: (1...3).map { index in
            var m = CellMeasurement(cell: cell, repetition: index)
            m.messagesPerSecond = 40_000
            m.roundTripsPerSecond = 20_000
            m.roundTrip = RoundTripSummary(minimum: 5, mean: 20, p50: 17.5, p90: 40, p99: 1_500, p999: 3_000, maximum: 4_000)
            return m
        })
        let html = HTMLReport(title: "t", commandLine: "sockbench run --pattern rr", host: [], warnings: [], summaries: [summary]).html()
        let table = try #require(Self.table(html, "results-rr"))
        #expect(table.contains("<th>round trips/s</th>") && table.contains("<th>RTT p50 µs</th>") && table.contains("<th>RTT p99 µs</th>"), "\(table)")
        #expect(table.contains("<td class=\"num\">17.50</td>"), "\(table)")
    }

    @Test func compareCSVIsRenderedWhenPresentAndAbsenceIsTolerated() throws {
        #expect(!Self.report().html().contains("id=\"compare\""))
        let csv = "axis,a,b,cell,metric,slots,ratio,ratio_low,ratio_high,reading\ntransport,unix,tcp,pingpong/200B,msg_per_s,6,0.71234,0.69,0.74,tcp slower\n"
        let html = Self.report(compare: csv).html()
        let table = try #require(Self.table(html, "compare"))
        #expect(table.contains("<th>ratio_low</th>") && table.contains("<td>0.7123</td>") && table.contains("tcp slower"))
    }

    @Test func checkShowsRegressionsFirst() throws {
        let ok = MetricComparison(cellID: "a", metric: .messagesPerSecond, baselineMedian: 100, currentMedian: 101, relativeChange: 0.01, pValue: 0.5, verdict: .ok, detail: "")
        let bad = MetricComparison(cellID: "b", metric: .messagesPerSecond, baselineMedian: 100, currentMedian: 50, relativeChange: -0.5, pValue: 0.001, verdict: .regression, detail: "")
        var report = Self.report()
        report.check = CheckReport(baselineName: "main", currentName: "now", comparisons: [ok, bad], hostWarnings: [])
        let table = try #require(Self.table(report.html(), "check"))
        let regression = try #require(table.range(of: "regression"))
        let fine = try #require(table.range(of: ">ok<"))
        #expect(regression.lowerBound < fine.lowerBound)
        #expect(table.contains("<tr class=\"bad\">"))
    }

    @Test func numbersUseSignificantDigits() {
        #expect(NumberFormat.significant(178.34) == "178.3")
        #expect(NumberFormat.significant(97.7910) == "97.79")
        #expect(NumberFormat.significant(0.012345) == "0.01235")
        #expect(NumberFormat.significant(123_456.7) == "123 457")
        #expect(NumberFormat.significant(nil) == "-")
    }
}

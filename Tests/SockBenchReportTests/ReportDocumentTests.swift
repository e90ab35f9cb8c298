import Foundation
@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchReport
@testable import SockBenchStats
@testable import SockBenchStore
import Testing

/// REPORT.md is written once, whole, from typed sections: the claim's, then `reproduce`'s appendices.
@Suite struct ReportDocumentTests {
    /// The committed reference reproduce run, analysed again (no history).
    static func reference() throws -> (ClaimAnalysis, RunMetadata, [CellMeasurement]) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let run = try RunDirectory.open("\(root)/results/reference")
        let metadata = try run.readMetadata()
        let measurements = try run.measurements()
        let analysis = ClaimAnalysis(summaries: Summaries.make(cells: metadata.cells, measurements: measurements), measurements: measurements)
        let nagle = try MeasurementCSV.parse(String(contentsOfFile: "\(root)/results/reference/nagle-trap.csv", encoding: .utf8))
        return (analysis, metadata, nagle)
    }

    @Test func theSectionsAreWrittenOnceInReadingOrder() throws {
        var (analysis, metadata, nagle) = try Self.reference()
        metadata.warnings = ["steal: the hypervisor withheld 20% of the CPUs", "tcp/stream/64B: msg/s varies 30% between repetitions"]
        var document = ReportDocument(ClaimReport.sections(analysis, run: ReportRunHeader(metadata, wallSeconds: 93.4, command: "sockbench reproduce")))
        document.sections.append(.nagleTrap(nagle, roundTrips: 20))
        let markdown = document.markdown
        let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("#") }.map { String($0.prefix { $0 != "(" }) }
        #expect(headings == [
            "# Reproducing \"\(ClaimPlan.claimText())\"", "## AF_UNIX vs TCP per condition", "## Where the claimed figures appear",
            "## What moves the ratio ", "## Why the ratio moves", "## Precision", "## Why TCP_NODELAY matters for request/response",
        ])
        #expect(markdown.contains("**\(analysis.verdictLine)**") && markdown.contains("wall time 93 s") && markdown.contains("`sockbench reproduce`"))
        // The run's warnings go under Precision, except the msg/s spread the intervals already cover.
        #expect(markdown.contains("Run warnings:\n- steal: the hypervisor withheld 20% of the CPUs\n") && !markdown.contains("msg/s varies 30%"))
        #expect(markdown.hasSuffix(NagleTrapReport.markdown(nagle, roundTrips: 20)))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sockbench-report-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try document.write(into: directory)
        #expect(path == "\(directory)/REPORT.md")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == markdown)
    }
}

import Foundation
import Testing

/// report.html from the CLI: `run` writes it unless --no-report, `report DIR` writes it later, and
/// `check` puts baseline vs current on the current run's page.
@Suite(.serialized) struct ReportCLITests {
    static let axes = ["--transport", "unix", "--pattern", "pingpong,stream", "--size", "64", "--duration", "50ms", "--warmup", "10ms", "--quiet"]

    @Test func noReportSkipsItReportWritesItAndCheckAddsTheComparison() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let output = root + "/run"
        let run = try CLIProcess.run(["run"] + Self.axes + ["--repetitions", "1", "--no-report", "--output", output])
        #expect(run.status == 0, "\(run.stderr)")
        let page = output + "/report.html"
        #expect(!FileManager.default.fileExists(atPath: page), "--no-report wrote a report")

        let report = try CLIProcess.run(["report", output])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stderr.contains("report: ") && report.stderr.contains("report.html"))
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("id=\"results-pingpong\"") && html.contains("id=\"results-stream\""))
        #expect(html.contains("sockbench run --transport unix"), "the command line")
        #expect(!html.contains("Check: baseline vs current"))

        let check = try CLIProcess.run(["check", "--baseline", output, "--current", output, "--allow-undecided"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let checked = try String(contentsOfFile: page, encoding: .utf8)
        #expect(checked.contains("Check: baseline vs current") && checked.contains("id=\"check\""))

        let missing = try CLIProcess.run(["report", root + "/nothing"])
        #expect(missing.status == 66, "\(missing.stderr)")
    }
}

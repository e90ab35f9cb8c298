import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// `reproduce` as a library call: measure the claim plan, then write claim.csv and REPORT.md.
public enum Reproduction {
    public static func request(outputPath: String?, repetitions: Int?, seed: UInt64?, commandLine: [String]) -> RunRequest {
        var request = RunRequest(
            name: "reproduce", axes: ClaimPlan.axes, settings: ClaimPlan.settings,
            repetitions: repetitions ?? ClaimPlan.repetitions, seed: seed ?? Schedule.randomSeed(),
            outputPath: outputPath ?? RunRequest.defaultOutputPath(name: "reproduce"), commandLine: commandLine
        )
        request.explicitCells = ClaimPlan.cells()
        request.outputIsDefault = outputPath == nil
        return request
    }

    /// Analyzes a finished run and writes claim.csv and REPORT.md into its directory.
    public static func report(_ outcome: RunOutcome, wallSeconds: Double, command: String) throws(ReportError) -> ClaimAnalysis {
        let analysis = ClaimAnalysis(summaries: outcome.summaries)
        try FileOutput.writeAtomically(ClaimReport.csv(analysis), to: "\(outcome.directory)/claim.csv")
        let markdown = ClaimReport.markdown(analysis, metadata: outcome.metadata, wallSeconds: wallSeconds, command: command)
        try FileOutput.writeAtomically(markdown, to: "\(outcome.directory)/REPORT.md")
        return analysis
    }

    /// The verdict table printed on stdout.
    public static func table(_ analysis: ClaimAnalysis) -> String {
        var rows = [["condition", "AF_UNIX msg/s", "TCP msg/s", "ratio (95% CI)", "verdict"]]
        for row in analysis.rows {
            rows.append([
                row.condition.label,
                row.unix.map { NumberFormat.grouped($0.median) + String(format: " ±%.1f%%", $0.relativeHalfWidth * 100) } ?? "–",
                row.tcp.map { NumberFormat.grouped($0.median) + String(format: " ±%.1f%%", $0.relativeHalfWidth * 100) } ?? "–",
                row.ratio.map { String(format: "%.2f (%.2f–%.2f)", $0, row.ratioLow!, row.ratioHigh!) } ?? "–",
                row.verdict.rawValue,
            ])
        }
        return SummaryTable.align(rows) + "\nclaim: AF_UNIX 100 000 vs TCP 40 000 msg/s = 2.50; ping-pong msg/s counts 2 messages per round trip.\n"
    }
}

import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// `reproduce` as a library call: measure the claim plan in paired slots within a time budget,
/// then write claim.csv, claim-pairs.csv and REPORT.md.
public enum Reproduction {
    public static func request(
        outputPath: String?, slots: Int?, seed: UInt64?, budgetSeconds: Double?, settings: MeasurementSettings, commandLine: [String]
    ) -> RunRequest {
        var request = RunRequest(
            name: "reproduce", axes: ClaimPlan.axes, settings: settings,
            repetitions: slots ?? ClaimPlan.initialSlots, seed: seed ?? Schedule.randomSeed(),
            maximumRepetitions: ClaimPlan.maximumSlots,
            outputPath: outputPath ?? RunRequest.defaultOutputPath(name: "reproduce"), commandLine: commandLine
        )
        request.command = "reproduce"
        request.explicitCells = ClaimPlan.cells()
        request.groups = ClaimPlan.groups()
        request.budgetSeconds = budgetSeconds ?? ClaimPlan.defaultBudgetSeconds
        request.outputIsDefault = outputPath == nil
        return request
    }

    /// Runs the session: the first slots of every group, then one more slot for every group per
    /// round until the budget is spent. The rounds do not look at the measurements: a design fixed
    /// before the first look keeps the intervals' 95% (`ClaimPlan.defaultBudgetSeconds`).
    public static func execute(_ session: RunSession, quiet: Bool) throws -> RunOutcome {
        let cells = session.metadata.cells
        let everyGroup = Array((session.metadata.groups ?? []).indices)
        return try Execution.run(
            session, quiet: quiet,
            policy: { _ in everyGroup },
            status: { measurements in
                let summaries = Summaries.make(cells: cells, measurements: measurements, mergingHistograms: false)
                return ClaimAnalysis(summaries: summaries, measurements: measurements).progress()
            }
        )
    }

    /// Analyzes a finished run and writes claim.csv, claim-pairs.csv and REPORT.md into its directory.
    /// With `history`, the earlier reproduce runs of this machine in that directory widen each
    /// interval by the spread between runs (`BetweenRuns`).
    public static func report(_ outcome: RunOutcome, wallSeconds: Double, command: String, history: String?) throws(ReportError) -> ClaimAnalysis {
        var analysis = ClaimAnalysis(summaries: outcome.summaries, measurements: outcome.measurements)
        if let history {
            let runs = ClaimHistory.runs(in: history, host: outcome.metadata.host, excluding: outcome.directory)
            analysis.weigh(earlierRuns: ClaimHistory.byCondition(runs), run: (outcome.directory as NSString).lastPathComponent)
        }
        try FileOutput.writeAtomically(ClaimReport.csv(analysis), to: "\(outcome.directory)/claim.csv")
        try FileOutput.writeAtomically(ClaimReport.pairsCSV(analysis), to: "\(outcome.directory)/claim-pairs.csv")
        let markdown = ClaimReport.markdown(analysis, metadata: outcome.metadata, wallSeconds: wallSeconds, command: command)
        try FileOutput.writeAtomically(markdown, to: "\(outcome.directory)/REPORT.md")
        return analysis
    }

    /// The verdict table printed on stdout.
    public static func table(_ analysis: ClaimAnalysis) -> String {
        var rows = [["condition", "AF_UNIX msg/s", "TCP msg/s", "slots", "AF_UNIX/TCP (95% CI)", "drift", "between runs", "verdict"]]
        for row in analysis.rows {
            rows.append([
                row.condition.label,
                row.unix.map { NumberFormat.grouped($0.median) } ?? "–",
                row.tcp.map { NumberFormat.grouped($0.median) } ?? "–",
                row.pairs.map { String($0.slots.count) } ?? "0",
                row.ratio.map { String(format: "%.2f (%.2f–%.2f) ±%.1f%%", $0, row.verdictLow!, row.verdictHigh!, row.verdictHalfWidth! * 100) } ?? "–",
                row.pairs?.relativeDrift.map { String(format: "±%.1f%%", $0 * 100) } ?? "–",
                ClaimReport.betweenText(row),
                row.verdictText,
            ])
        }
        return SummaryTable.align(rows) + """

            claim: \(ClaimPlan.claimText(unit: "msg/s")) = \(ClaimPlan.claimedRatioText); ping-pong msg/s counts 2 messages per round trip.
            ratio AF_UNIX/TCP: \(PairedRatio.method); both cells are measured back to back in each slot.
            drift: how far the ratio wandered between time blocks of this run (already inside the interval).
            between runs: how far it moved between this and the earlier reproduce runs of this machine beside it (added to the interval).
            regions: \(ClaimVerdict.regions.regions.map { "\($0.range!) \($0.text)" }.joined(separator: ", ")).

            """
    }
}

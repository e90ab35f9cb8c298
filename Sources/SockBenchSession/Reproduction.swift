import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// `reproduce` as a library call: measure the claim plan in paired slots within a time budget,
/// then write claim.csv, claim-pairs.csv and, with the appendices, REPORT.md.
public enum Reproduction {
    public static func plan(
        outputPath: String?, slots: Int?, seed: UInt64?, budgetSeconds: Double?, settings: MeasurementSettings, commandLine: [String]
    ) throws(PlanError) -> RunPlan {
        try RunPlan(
            name: "reproduce", command: "reproduce", axes: ClaimPlan.axes, cells: ClaimPlan.cells(), settings: settings,
            repetitions: slots ?? ClaimPlan.initialSlots, seed: seed ?? Schedule.randomSeed(),
            maximumRepetitions: ClaimPlan.maximumSlots, groups: ClaimPlan.groups(),
            budgetSeconds: budgetSeconds ?? ClaimPlan.defaultBudgetSeconds,
            outputPath: outputPath ?? RunPlan.defaultOutputPath(name: "reproduce"), outputIsDefault: outputPath == nil, commandLine: commandLine
        )
    }

    /// The slot policy of a reproduce run: the first slots of every group, then one more slot for
    /// every group per round until the budget is spent. The rounds do not look at the measurements:
    /// a design fixed before the first look keeps the intervals' 95% (`ClaimPlan.defaultBudgetSeconds`).
    public static func policy(_ metadata: RunMetadata) -> RunSession.SlotPolicy {
        let everyGroup = Array((metadata.groups ?? []).indices)
        return { _ in everyGroup }
    }

    /// The progress line's note: how many conditions are decided so far.
    public static func status(_ metadata: RunMetadata) -> ([CellMeasurement]) -> String {
        let cells = metadata.cells
        return { measurements in
            let summaries = Summaries.make(cells: cells, measurements: measurements, mergingHistograms: false)
            return ClaimAnalysis(summaries: summaries, measurements: measurements).progress()
        }
    }

    /// Analyzes a finished run and writes claim.csv and claim-pairs.csv into its directory; returns
    /// the analysis and the claim's sections of REPORT.md, which `reproduce` writes once its
    /// appendices are measured. With `history`, the earlier reproduce runs of this machine in that
    /// directory widen each interval by the spread between runs (`BetweenRuns`).
    public static func report(
        _ outcome: RunOutcome, wallSeconds: Double, command: String, history: String?
    ) throws(ReportError) -> (analysis: ClaimAnalysis, document: ReportDocument) {
        var analysis = ClaimAnalysis(summaries: outcome.summaries, measurements: outcome.measurements)
        if let history {
            let runs = ClaimHistory.runs(in: history, host: outcome.metadata.host, excluding: outcome.directory)
            analysis.weigh(earlierRuns: ClaimHistory.byCondition(runs), run: (outcome.directory as NSString).lastPathComponent)
        }
        try FileOutput.writeAtomically(ClaimReport.csv(analysis), to: "\(outcome.directory)/claim.csv")
        try FileOutput.writeAtomically(ClaimReport.pairsCSV(analysis), to: "\(outcome.directory)/claim-pairs.csv")
        let header = ReportRunHeader(outcome.metadata, wallSeconds: wallSeconds, command: command)
        return (analysis, ReportDocument(ClaimReport.sections(analysis, run: header)))
    }
}

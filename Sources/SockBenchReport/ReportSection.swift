import SockBenchCore
import SockBenchModel
import SockBenchStats

/// One section of REPORT.md, as the values it is written from; `ReportDocument` writes them in order.
public enum ReportSection: Sendable {
    /// The claim, the verdict, how the run measured and counted, and the earlier runs weighed in.
    case claim(ClaimAnalysis, ReportRunHeader)
    /// AF_UNIX against TCP per condition.
    case conditions(ClaimAnalysis)
    /// Where the claim's absolute figures appear.
    case claimedFigures(ClaimAnalysis)
    /// What moves the ratio, and why.
    case ratioChanges(ClaimAnalysis)
    /// How wide the intervals are, and the run's warnings.
    case precision(ClaimAnalysis, runWarnings: [String])
    /// The files of the run directory.
    case files
    /// Why TCP_NODELAY matters for request/response (`NagleTrapReport.cells`).
    case nagleTrap([CellMeasurement], roundTrips: Int)
    /// The sustainable rates of `reproduce --with-knee`: `sweeps` sweeps, each rate measured for `extent`.
    case knees([KneeEstimate], bound: LatencyBound, sweeps: Int, extent: Extent)

    /// The section's Markdown, ending with a newline.
    public var markdown: String {
        switch self {
        case .claim(let analysis, let run): ClaimReport.claimMarkdown(analysis, run: run)
        case .conditions(let analysis): ClaimReport.conditionsMarkdown(analysis)
        case .claimedFigures(let analysis): ClaimReport.claimedFiguresMarkdown(analysis)
        case .ratioChanges(let analysis): ClaimReport.ratioChangesMarkdown(analysis)
        case .precision(let analysis, let warnings): ClaimReport.precisionMarkdown(analysis, runWarnings: warnings)
        case .files: ClaimReport.filesMarkdown
        case .nagleTrap(let measurements, let roundTrips): NagleTrapReport.markdown(measurements, roundTrips: roundTrips)
        case .knees(let estimates, let bound, let sweeps, let extent):
            KneeTable.markdownSection(estimates, bound: bound, sweeps: sweeps, extent: extent)
        }
    }
}

import SockBenchModel
import SockBenchReport
import SockBenchStats
import SockBenchStore

/// The comparisons of a finished `run --compare`, written next to its measurements.
public enum CompareRun {
    public static func write(_ spec: CompareSpec, _ outcome: RunOutcome) throws(ReportError) -> [PairedComparison] {
        let comparisons = Comparisons.make(spec, cells: outcome.metadata.cells, measurements: outcome.measurements)
        try FileOutput.writeAtomically(CompareReport.csv(comparisons), to: "\(outcome.directory)/compare.csv")
        try FileOutput.writeAtomically(CompareReport.pairsCSV(comparisons), to: "\(outcome.directory)/compare-pairs.csv")
        return comparisons
    }
}

import Histogram
import SockBenchStats

extension RunDirectory {
    /// The file suffixes of the merged one-way histograms of a paced cell.
    public static let oneWaySuffix = ".owl.hgrm"
    public static let oneWayActualSuffix = ".owl-actual.hgrm"

    /// Writes `<cell>.owl.hgrm` (from intended send times) and `<cell>.owl-actual.hgrm` (from actual
    /// send times; for rr, round trips from actual send times) per paced cell.
    func writeOneWayHistograms(_ summaries: [CellSummary]) throws(ReportError) {
        for summary in summaries {
            let files: [(Histogram<UInt64>?, String, String)] = [
                (summary.mergedOneWayHistogram, Self.oneWaySuffix, "one-way latency from the intended send time"),
                (summary.mergedOneWayActualHistogram, Self.oneWayActualSuffix,
                 summary.cell.pattern == .rr ? "round-trip time from the actual send time" : "one-way latency from the actual send time"),
            ]
            for case let (histogram?, suffix, what) in files where histogram.totalCount > 0 {
                let text = Self.percentiles(histogram, title: "\(summary.cell.id): \(what) in microseconds, merged over \(summary.okRepetitions) repetitions")
                try FileOutput.makeDirectory(histogramsPath)
                try FileOutput.writeAtomically(text, to: "\(histogramsPath)/\(Self.fileName(summary.cell))\(suffix)")
            }
        }
    }
}

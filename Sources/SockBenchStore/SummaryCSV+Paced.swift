import SockBenchModel
import SockBenchStats

/// The columns summary.csv appends when a run has paced (`--rate`) cells: the rate, the one-way
/// latency metrics' statistics, and the percentiles of the merged one-way histograms.
extension SummaryCSV {
    static let mergedOneWayColumns = ["owl_merged_p50_us", "owl_merged_p90_us", "owl_merged_p99_us", "owl_merged_p999_us", "owl_merged_max_us"]

    static var pacedColumns: [String] {
        [SummaryAxis.rateOffered.column] + Metric.oneWay.flatMap { metric in statisticSuffixes.map { metric.rawValue + $0 } } + mergedOneWayColumns
    }

    static func pacedFields(_ s: CellSummary) -> [String] {
        var fields = [SummaryAxis.rateOffered.field(s.cell)]
        for metric in Metric.oneWay {
            if let st = s.statistics[metric] {
                fields += [String(st.n), NumberFormat.compact(st.median), NumberFormat.compact(st.confidenceLow), NumberFormat.compact(st.confidenceHigh), NumberFormat.fixed(st.coefficientOfVariation, 5)]
            } else {
                fields += ["0", "", "", "", ""]
            }
        }
        let merged = s.mergedOneWayHistogram.flatMap { $0.totalCount > 0 ? RoundTripSummary($0) : nil }
        fields += [merged?.p50, merged?.p90, merged?.p99, merged?.p999, merged?.maximum].map { NumberFormat.fixed($0, 3) }
        return fields
    }
}

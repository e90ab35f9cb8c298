import Histogram
import SockBenchCore
import SockBenchModel
import SockBenchStats

/// summary.csv: one row per cell, the axes, then `_n, _median, _ci_low, _ci_high, _cv` per metric,
/// then the merged-histogram RTT percentiles.
public enum SummaryCSV {
    public static let cellIDColumn = "cell_id"
    /// The effective buffer sizes, read back after the request (empty where no repetition succeeded).
    public static let sendBufferEffectiveColumn = "sndbuf_effective"
    public static let receiveBufferEffectiveColumn = "rcvbuf_effective"

    static let axisColumns = [cellIDColumn] + [SummaryAxis.transport, .pattern, .size, .sendBufferRequested].map(\.column)
        + [sendBufferEffectiveColumn, SummaryAxis.receiveBufferRequested.column, receiveBufferEffectiveColumn]
        + [SummaryAxis.noDelay, .mode, .cpu, .pairs, .batch].map(\.column) + ["ok", "failed"]
    static let statisticSuffixes = SummaryStatistic.allCases.map(\.rawValue)
    static let mergedColumns = ["rtt_merged_p50_us", "rtt_merged_p90_us", "rtt_merged_p99_us", "rtt_merged_p999_us", "rtt_merged_max_us"]

    /// The columns of a run without paced cells; a run with `--rate` cells appends `pacedColumns`.
    public static var columns: [String] {
        axisColumns + Metric.unpaced.flatMap { metric in statisticSuffixes.map { metric.rawValue + $0 } } + mergedColumns + ["error"]
            + [SummaryAxis.engine, .replySize, .writes, .connections].map(\.column)
            + Metric.appended.flatMap { metric in statisticSuffixes.map { metric.rawValue + $0 } }
            + [SummaryAxis.replyWrites, .splitWrite, .quickAck, .threads, .burst, .busyPoll, .zeroCopy, .keepAlive, .sizeDistribution, .idle].map(\.column)
    }

    public static func document(_ summaries: [CellSummary]) -> String {
        let paced = summaries.contains { $0.cell.ratePerSecond != nil }
        return CSV.line(columns + (paced ? pacedColumns : [])) + summaries.map { summary in
            paced ? String(row(summary).dropLast()) + "," + CSV.line(pacedFields(summary)) : row(summary)
        }.joined()
    }

    static func row(_ s: CellSummary) -> String {
        let c = s.cell
        func spelled(_ axes: [SummaryAxis]) -> [String] { axes.map { $0.field(c) } }
        var fields: [String] = [c.id] + spelled([.transport, .pattern, .size, .sendBufferRequested])
        fields += [s.sendBufferEffective.map(String.init) ?? ""] + spelled([.receiveBufferRequested])
        fields += [s.receiveBufferEffective.map(String.init) ?? ""] + spelled([.noDelay, .mode, .cpu, .pairs, .batch])
        fields += [String(s.okRepetitions), String(s.failedRepetitions)]
        for metric in Metric.unpaced { fields += statisticFields(s, metric) }
        let merged = s.mergedRoundTrip
        fields += [merged?.p50, merged?.p90, merged?.p99, merged?.p999, merged?.maximum].map { NumberFormat.fixed($0, 3) }
        fields.append(s.firstError ?? "")
        fields += spelled([.engine, .replySize, .writes, .connections])
        for metric in Metric.appended { fields += statisticFields(s, metric) }
        // idle is never empty, and last: gnuplot 5.4 reads an empty last field of a line as the
        // line's first.
        fields += spelled([.replyWrites, .splitWrite, .quickAck, .threads, .burst, .busyPoll, .zeroCopy, .keepAlive, .sizeDistribution, .idle])
        return CSV.line(fields)
    }

    /// `_n, _median, _ci_low, _ci_high, _cv` of one metric; n 0 and empty fields where it does not apply.
    static func statisticFields(_ s: CellSummary, _ metric: Metric) -> [String] {
        guard let st = s.statistics[metric] else { return ["0", "", "", "", ""] }
        return [String(st.n), NumberFormat.compact(st.median), NumberFormat.compact(st.confidenceLow), NumberFormat.compact(st.confidenceHigh), NumberFormat.fixed(st.coefficientOfVariation, 5)]
    }

}

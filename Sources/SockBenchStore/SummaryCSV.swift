import Histogram
import SockBenchCore
import SockBenchModel
import SockBenchStats

/// summary.csv: one row per cell, the axes, then `_n, _median, _ci_low, _ci_high, _cv` per metric,
/// then the merged-histogram RTT percentiles.
public enum SummaryCSV {
    static let axisColumns = [
        "cell_id", "transport", "pattern", "size_bytes", "sndbuf_requested", "sndbuf_effective",
        "rcvbuf_requested", "rcvbuf_effective", "nodelay", "mode", "cpu", "pairs", "batch", "ok", "failed",
    ]
    static let statisticSuffixes = ["_n", "_median", "_ci_low", "_ci_high", "_cv"]
    static let mergedColumns = ["rtt_merged_p50_us", "rtt_merged_p90_us", "rtt_merged_p99_us", "rtt_merged_p999_us", "rtt_merged_max_us"]

    /// The columns of a run without paced cells; a run with `--rate` cells appends `pacedColumns`.
    public static var columns: [String] {
        axisColumns + Metric.unpaced.flatMap { metric in statisticSuffixes.map { metric.rawValue + $0 } } + mergedColumns + ["error"]
            + ["engine", "reply_size_bytes", "writes", "connections"]
            + Metric.appended.flatMap { metric in statisticSuffixes.map { metric.rawValue + $0 } }
            + ["reply_writes", "split_write", "quickack", "idle"]
    }

    public static func document(_ summaries: [CellSummary]) -> String {
        let paced = summaries.contains { $0.cell.ratePerSecond != nil }
        return CSV.line(columns + (paced ? pacedColumns : [])) + summaries.map { summary in
            paced ? String(row(summary).dropLast()) + "," + CSV.line(pacedFields(summary)) : row(summary)
        }.joined()
    }

    static func row(_ s: CellSummary) -> String {
        let c = s.cell
        let sndbufRequested: String = c.sendBufferBytes.map(String.init) ?? "default"
        let sndbufEffective: String = s.sendBufferEffective.map(String.init) ?? ""
        let rcvbufRequested: String = c.receiveBufferBytes.map(String.init) ?? "default"
        let rcvbufEffective: String = s.receiveBufferEffective.map(String.init) ?? ""
        let noDelay: String = c.noDelaySetting ?? ""
        var fields: [String] = [c.id, c.transport.rawValue, c.pattern.rawValue, String(c.sizeBytes)]
        fields += [sndbufRequested, sndbufEffective, rcvbufRequested, rcvbufEffective, noDelay]
        fields += [c.mode.rawValue, c.cpu.description, String(c.pairs), String(c.batch ?? 1), String(s.okRepetitions), String(s.failedRepetitions)]
        for metric in Metric.unpaced { fields += statisticFields(s, metric) }
        let merged = s.mergedRoundTrip
        fields += [merged?.p50, merged?.p90, merged?.p99, merged?.p999, merged?.maximum].map { NumberFormat.fixed($0, 3) }
        fields.append(s.firstError ?? "")
        fields.append((c.engine ?? .swift).rawValue)
        // Empty where a reply does not apply (streams, connect), which figure filters read as "any".
        fields.append(c.pattern == .pingpong || c.pattern == .rr ? String(c.replyBytes) : "")
        // Empty for pairs: `--connections` cells only.
        fields += [String(c.writes ?? 1), c.connections.map(String.init) ?? ""]
        for metric in Metric.appended { fields += statisticFields(s, metric) }
        // Empty where nothing replies (streams), which figure filters read as "any".
        fields.append(c.pattern == .stream ? "" : String(c.replyWrites ?? 1))
        // Empty where nothing is split, or where TCP_QUICKACK does not apply.
        fields += [c.splitWriteSetting ?? "", c.quickAckSetting ?? ""]
        // The cell's own idle policy, or `run` (the run's --idle, run.json), so cells that differ
        // only in their idle policy are told apart. Never empty, and last: gnuplot 5.4 reads an
        // empty last field of a line as the line's first.
        fields.append(c.idle?.rawValue ?? "run")
        return CSV.line(fields)
    }

    /// `_n, _median, _ci_low, _ci_high, _cv` of one metric; n 0 and empty fields where it does not apply.
    static func statisticFields(_ s: CellSummary, _ metric: Metric) -> [String] {
        guard let st = s.statistics[metric] else { return ["0", "", "", "", ""] }
        return [String(st.n), NumberFormat.compact(st.median), NumberFormat.compact(st.confidenceLow), NumberFormat.compact(st.confidenceHigh), NumberFormat.fixed(st.coefficientOfVariation, 5)]
    }

}

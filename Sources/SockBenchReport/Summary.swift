import Histogram
import SockBenchCore
import SockBenchRunner

/// A metric summarized per cell, with its direction (is a bigger value better?).
public struct Metric: Sendable, Hashable {
    public var name: String
    public var higherIsBetter: Bool
    public var value: @Sendable (CellMeasurement) -> Double?

    public static func == (a: Metric, b: Metric) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    public static let all: [Metric] = [
        Metric(name: "msg_per_s", higherIsBetter: true) { $0.messagesPerSecond },
        Metric(name: "mb_per_s", higherIsBetter: true) { $0.megabytesPerSecond },
        Metric(name: "rtt_per_s", higherIsBetter: true) { $0.roundTripsPerSecond },
        Metric(name: "rtt_p50_us", higherIsBetter: false) { $0.roundTrip?.p50 },
        Metric(name: "rtt_p90_us", higherIsBetter: false) { $0.roundTrip?.p90 },
        Metric(name: "rtt_p99_us", higherIsBetter: false) { $0.roundTrip?.p99 },
        Metric(name: "rtt_p999_us", higherIsBetter: false) { $0.roundTrip?.p999 },
        Metric(name: "rtt_max_us", higherIsBetter: false) { $0.roundTrip?.maximum },
        Metric(name: "cpu_us_per_msg_sender", higherIsBetter: false) { $0.cpuMicrosecondsPerMessageSender },
        Metric(name: "cpu_us_per_msg_receiver", higherIsBetter: false) { $0.cpuMicrosecondsPerMessageReceiver },
        Metric(name: "ctx_switches_per_msg", higherIsBetter: false) { $0.contextSwitchesPerMessage },
        Metric(name: "lost", higherIsBetter: false) { $0.lost.map(Double.init) },
    ]

    public static func named(_ name: String) -> Metric? { all.first { $0.name == name } }
}

/// Everything known about one cell after its repetitions: one row of summary.csv.
public struct CellSummary: Sendable {
    public var cell: Cell
    public var okRepetitions: Int
    public var failedRepetitions: Int
    public var sendBufferEffective: Int?
    public var receiveBufferEffective: Int?
    public var statistics: [String: SampleStatistics]
    /// Per-repetition values of each metric (for check's significance test).
    public var values: [String: [Double]]
    /// Percentiles of the merged histogram of all repetitions (µs), when histograms are at hand.
    public var mergedRoundTrip: RoundTripSummary?
    public var mergedHistogram: Histogram<UInt64>?
    public var firstError: String?

    public init(cell: Cell, measurements: [CellMeasurement]) {
        self.cell = cell
        let ok = measurements.filter { $0.status == .ok }
        okRepetitions = ok.count
        failedRepetitions = measurements.count - ok.count
        sendBufferEffective = ok.first?.sendBufferEffective
        receiveBufferEffective = ok.first?.receiveBufferEffective
        firstError = measurements.first { $0.status == .failed }?.error
        var statistics: [String: SampleStatistics] = [:]
        var values: [String: [Double]] = [:]
        for metric in Metric.all {
            let sample = ok.compactMap(metric.value)
            values[metric.name] = sample
            statistics[metric.name] = SampleStatistics(sample)
        }
        self.statistics = statistics
        self.values = values
        let histograms = ok.compactMap(\.histogram)
        if var merged = histograms.first {
            for other in histograms.dropFirst() { merged.add(other) }
            mergedHistogram = merged
            mergedRoundTrip = merged.totalCount > 0 ? RoundTripSummary(merged) : nil
        }
    }

    /// The figure cells are ranked and checked by: msg/s.
    public var main: SampleStatistics? { statistics["msg_per_s"] }
}

public enum Summaries {
    /// Groups measurements by cell, in the order cells first appear in `cells`.
    public static func make(cells: [Cell], measurements: [CellMeasurement]) -> [CellSummary] {
        var byCell: [Cell: [CellMeasurement]] = [:]
        for m in measurements { byCell[m.cell, default: []].append(m) }
        return cells.compactMap { cell in byCell[cell].map { CellSummary(cell: cell, measurements: $0) } }
    }
}

/// summary.csv: one row per cell, the axes, then `_n, _median, _ci_low, _ci_high, _cv` per metric,
/// then the merged-histogram RTT percentiles.
public enum SummaryCSV {
    static let axisColumns = [
        "cell_id", "transport", "pattern", "size_bytes", "sndbuf_requested", "sndbuf_effective",
        "rcvbuf_requested", "rcvbuf_effective", "nodelay", "mode", "cpu", "pairs", "batch", "ok", "failed",
    ]
    static let statisticSuffixes = ["_n", "_median", "_ci_low", "_ci_high", "_cv"]
    static let mergedColumns = ["rtt_merged_p50_us", "rtt_merged_p90_us", "rtt_merged_p99_us", "rtt_merged_p999_us", "rtt_merged_max_us"]

    public static var columns: [String] {
        axisColumns + Metric.all.flatMap { metric in statisticSuffixes.map { metric.name + $0 } } + mergedColumns + ["error"]
    }

    public static func document(_ summaries: [CellSummary]) -> String {
        CSV.line(columns) + summaries.map(row).joined()
    }

    static func row(_ s: CellSummary) -> String {
        let c = s.cell
        let sndbufRequested: String = c.sendBufferBytes.map(String.init) ?? "default"
        let sndbufEffective: String = s.sendBufferEffective.map(String.init) ?? ""
        let rcvbufRequested: String = c.receiveBufferBytes.map(String.init) ?? "default"
        let rcvbufEffective: String = s.receiveBufferEffective.map(String.init) ?? ""
        let noDelay: String = c.noDelay.map { $0 ? "on" : "off" } ?? ""
        var fields: [String] = [c.id, c.transport.rawValue, c.pattern.rawValue, String(c.sizeBytes)]
        fields += [sndbufRequested, sndbufEffective, rcvbufRequested, rcvbufEffective, noDelay]
        fields += [c.mode.rawValue, c.cpu.description, String(c.pairs), String(c.batch ?? 1), String(s.okRepetitions), String(s.failedRepetitions)]
        for metric in Metric.all {
            if let st = s.statistics[metric.name] {
                fields += [String(st.n), number(st.median), number(st.confidenceLow), number(st.confidenceHigh), MeasurementCSV.format(st.coefficientOfVariation, 5)]
            } else {
                fields += ["0", "", "", "", ""]
            }
        }
        let merged = s.mergedRoundTrip
        fields += [merged?.p50, merged?.p90, merged?.p99, merged?.p999, merged?.maximum].map { MeasurementCSV.format($0, 3) }
        fields.append(s.firstError ?? "")
        return CSV.line(fields)
    }

    static func number(_ value: Double) -> String {
        abs(value) >= 100 ? MeasurementCSV.format(value, 1) : MeasurementCSV.format(value, 4)
    }
}

import Histogram
import SockBenchCore
import SockBenchModel

/// Everything known about one cell after its repetitions: one row of summary.csv.
public struct CellSummary: Sendable {
    public var cell: Cell
    public var okRepetitions: Int
    public var failedRepetitions: Int
    public var sendBufferEffective: Int?
    public var receiveBufferEffective: Int?
    public var statistics: [Metric: SampleStatistics]
    /// Per-repetition values of each metric (for check's significance test).
    public var values: [Metric: [Double]]
    /// Percentiles of the merged histogram of all repetitions (µs), when histograms are at hand.
    public var mergedRoundTrip: RoundTripSummary?
    public var mergedHistogram: Histogram<UInt64>?
    public var firstError: String?
    /// Paced cells: finished repetitions whose sender did not reach the offered rate.
    public var behindRepetitions = 0
    /// Paced streams: merged one-way latency histograms (ns) from intended and from actual send times.
    public var mergedOneWayHistogram: Histogram<UInt64>?
    public var mergedOneWayActualHistogram: Histogram<UInt64>?

    /// `mergingHistograms: false` skips the merged histograms (and the percentiles drawn from them):
    /// a slot policy that only needs the rates reads every measurement once a round.
    public init(cell: Cell, measurements: [CellMeasurement], mergingHistograms: Bool = true) {
        self.cell = cell
        let ok = measurements.filter { $0.status == .ok }
        okRepetitions = ok.count
        failedRepetitions = measurements.count - ok.count
        sendBufferEffective = ok.first?.sendBufferEffective
        receiveBufferEffective = ok.first?.receiveBufferEffective
        firstError = measurements.first { $0.status == .failed }?.error
        behindRepetitions = ok.filter(\.fellBehind).count
        var statistics: [Metric: SampleStatistics] = [:]
        var values: [Metric: [Double]] = [:]
        for metric in Metric.allCases {
            let sample = ok.compactMap(metric.value)
            values[metric] = sample
            statistics[metric] = SampleStatistics(sample)
        }
        self.statistics = statistics
        self.values = values
        guard mergingHistograms else { return }
        let histograms = ok.compactMap(\.histogram)
        if var merged = histograms.first {
            for other in histograms.dropFirst() { merged.add(other) }
            mergedHistogram = merged
            mergedRoundTrip = merged.totalCount > 0 ? RoundTripSummary(merged) : nil
        }
        mergedOneWayHistogram = Self.merge(ok.compactMap(\.oneWayHistogram))
        mergedOneWayActualHistogram = Self.merge(ok.compactMap(\.oneWayActualHistogram))
    }

    private static func merge(_ histograms: [Histogram<UInt64>]) -> Histogram<UInt64>? {
        guard var merged = histograms.first else { return nil }
        for other in histograms.dropFirst() { merged.add(other) }
        return merged
    }

    /// The figure cells are ranked and checked by: msg/s.
    public var main: SampleStatistics? { statistics[.messagesPerSecond] }
}

import Foundation
import SockBenchCore
import SockBenchModel

/// How far a metric's median may move before the move counts. A change is beyond the threshold
/// only when it exceeds every limit given: `relative` (a fraction of the baseline median, 0.1 = 10%)
/// and `absolute` (in the metric's own unit, such as µs or messages).
public struct MetricThreshold: Sendable, Equatable, CustomStringConvertible {
    public var relative: Double?
    public var absolute: Double?

    public init(relative: Double? = nil, absolute: Double? = nil) {
        self.relative = relative
        self.absolute = absolute
    }

    /// Whether moving from `base` by `change` exceeds every limit. A relative limit against a
    /// zero baseline is exceeded by any change.
    public func isExceeded(change: Double, base: Double) -> Bool {
        guard relative != nil || absolute != nil else { return false }
        if let relative {
            let fraction = base == 0 ? (change == 0 ? 0 : Double.infinity) : abs(change) / abs(base)
            if !(fraction > relative) { return false }
        }
        if let absolute, !(abs(change) > absolute) { return false }
        return true
    }

    public var description: String {
        [relative.map(Thresholds.formatPercent), absolute.map { "\(NumberFormat.compact($0)) absolute" }]
            .compactMap { $0 }.joined(separator: " and ")
    }
}

/// The thresholds of every checked metric; a metric without one is not checked.
///
/// A thresholds file (YAML) replaces the default of each metric it names and can skip metrics:
///
///     metrics:
///       msg_per_s: {relative: 5%}
///       rtt_p99_us: {relative: 30%, absolute: 5}   # both must be exceeded
///       ctx_switches_per_msg: {relative: 25%}      # not checked by default
///     skip: [rtt_p999_us]
///
/// Unknown keys or metric names and bad values are errors naming the file, line and column.
public struct Thresholds: Sendable, Equatable {
    public var limits: [Metric: MetricThreshold]

    public static let defaultTolerance = 0.10

    /// msg/s, MB/s and RT/s at `tolerance`; RTT p50/p90/p99/p99.9 at 15/20/30/50%; CPU cost per
    /// message at 25%; lost messages on any increase. rtt_max_us and ctx_switches_per_msg are not
    /// checked: one outlier or scheduler whim moves them.
    public static func defaults(tolerance: Double = defaultTolerance) -> Thresholds {
        Thresholds(limits: [
            .messagesPerSecond: .init(relative: tolerance),
            .megabytesPerSecond: .init(relative: tolerance),
            .roundTripsPerSecond: .init(relative: tolerance),
            .roundTripP50: .init(relative: 0.15),
            .roundTripP90: .init(relative: 0.20),
            .roundTripP99: .init(relative: 0.30),
            .roundTripP999: .init(relative: 0.50),
            .cpuPerMessageSender: .init(relative: 0.25),
            .cpuPerMessageReceiver: .init(relative: 0.25),
            .lost: .init(absolute: 0),
        ])
    }

    public func threshold(for metric: Metric) -> MetricThreshold? { limits[metric] }

    static func formatPercent(_ fraction: Double) -> String {
        let percent = fraction * 100
        return percent == percent.rounded() ? "\(Int(percent))%" : String(format: "%.1f%%", percent)
    }
}

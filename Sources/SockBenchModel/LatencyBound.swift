/// A latency objective such as `p99=200us`: the percentile a load sweep holds under a bound.
public struct LatencyBound: Codable, Sendable, Hashable, CustomStringConvertible {
    public enum Percentile: String, Codable, Sendable, CaseIterable {
        case p50, p90, p99, p999, max
        /// The value of this percentile in a summary (µs).
        public func value(in summary: RoundTripSummary) -> Double {
            switch self {
            case .p50: summary.p50
            case .p90: summary.p90
            case .p99: summary.p99
            case .p999: summary.p999
            case .max: summary.maximum
            }
        }
    }

    public var percentile: Percentile
    public var microseconds: Double

    public init(percentile: Percentile, microseconds: Double) {
        self.percentile = percentile
        self.microseconds = microseconds
    }

    /// The default suits loopback on an idle host: p99 of one-way latency at or under 200 µs.
    public static let loopbackDefault = LatencyBound(percentile: .p99, microseconds: 200)
    public static let form = "PERCENTILE=DURATION with PERCENTILE one of p50, p90, p99, p999, max and a duration with a unit, such as p99=200us"

    /// Parses `p99=200us`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let percentile = Percentile(rawValue: parts[0]),
              Quantities.missingDurationUnit(parts[1]) == nil,
              let nanoseconds = Quantities.duration(parts[1]), nanoseconds > 0 else { return nil }
        self.init(percentile: percentile, microseconds: Double(nanoseconds) / 1000)
    }

    public var description: String { "\(percentile.rawValue) ≤ \(NumberFormat.compact(microseconds)) µs" }
}

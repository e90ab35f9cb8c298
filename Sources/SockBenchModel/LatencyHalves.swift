import SockBenchCore

/// Latency from the intended send time (one-way for a paced stream, round trip for rr), µs, of the
/// first and the second half of one measured interval: a backlog that grows across the interval
/// shows as the second half running later than the first.
public struct LatencyHalves: Codable, Sendable, Hashable {
    public var early, late: RoundTripSummary

    public init(early: RoundTripSummary, late: RoundTripSummary) {
        (self.early, self.late) = (early, late)
    }

    /// How much later the second half's median ran than the first half's, µs (negative: earlier).
    public var medianGrowthMicroseconds: Double { late.p50 - early.p50 }
}

/// A latency over one measured interval, whole and in equal windows of it (µs).
///
/// The typical window's percentile (the median over windows of each window's percentile) is what
/// the interval gives when the machine does not stall: a stall of a few milliseconds, and the
/// backlog it leaves, touch one or two windows and move the whole interval's p99, not the median
/// window's. The whole interval's percentile, stalls included, is kept beside it.
public struct WindowedLatency: Codable, Sendable, Hashable {
    public var whole: RoundTripSummary
    /// In time order; windows with no sample are left out.
    public var windows: [RoundTripSummary]

    public init(whole: RoundTripSummary, windows: [RoundTripSummary]) {
        self.whole = whole
        self.windows = windows
    }

    /// The median over the windows of `percentile` (the upper middle of an even count, so it never
    /// flatters); the whole interval's value when there are no windows.
    public func typical(_ percentile: LatencyBound.Percentile) -> Double {
        let values = windows.map(percentile.value(in:)).sorted()
        guard !values.isEmpty else { return percentile.value(in: whole) }
        return values[values.count / 2]
    }
}

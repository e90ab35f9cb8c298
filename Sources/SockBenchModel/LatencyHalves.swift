import SockBenchCore

/// Latency from the intended send time (one-way for a paced stream, round trip for rr), µs, of the
/// first and the second half of one measured interval: a backlog that grows across the interval
/// shows as the second half running later than the first.
public struct LatencyHalves: Codable, Sendable, Hashable {
    public var early: RoundTripSummary
    public var late: RoundTripSummary

    public init(early: RoundTripSummary, late: RoundTripSummary) {
        self.early = early
        self.late = late
    }

    /// How much later the second half's median ran than the first half's, µs (negative: earlier).
    public var medianGrowthMicroseconds: Double { late.p50 - early.p50 }
}

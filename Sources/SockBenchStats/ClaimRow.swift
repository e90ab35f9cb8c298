import SockBenchModel

/// One condition of the claim table.
public struct ClaimRow: Sendable {
    public var condition: ClaimCondition
    public var unix: SampleStatistics?
    public var tcp: SampleStatistics?
    /// AF_UNIX msg/s over TCP msg/s, slot by slot.
    public var pairs: PairedRatio?
    public var verdict: ClaimVerdict
    /// The regions the ratio's interval touches: one when decided, two or more when undecided.
    public var candidates: [ClaimVerdict]
    public var unixDatagram: Double?
    public var udp: Double?
    /// The floors, for context: a pipe pair (blocking) and a shared-memory ring (busy-poll), msg/s.
    public var pipe: Double? = nil
    public var shm: Double? = nil
    /// What earlier runs of the plan on this machine add: the between-run spread and this run's
    /// interval widened by it. Nil when no earlier run was found (or none was asked for).
    public var betweenRuns: BetweenRuns?

    /// The paired ratio (`PairedRatio.method`) and its 95% interval.
    public var ratio: Double? { pairs?.ratio }
    public var ratioLow: Double? { pairs?.low }
    public var ratioHigh: Double? { pairs?.high }

    /// The interval the verdict is read from: this run's, widened by the spread between runs when
    /// earlier runs are known.
    public var verdictLow: Double? { betweenRuns?.low ?? ratioLow }
    public var verdictHigh: Double? { betweenRuns?.high ?? ratioHigh }
    /// Half the verdict interval's width over the ratio (what the ± columns show).
    public var verdictHalfWidth: Double? {
        guard let ratio, let verdictLow, let verdictHigh else { return nil }
        return (verdictHigh - verdictLow) / 2 / ratio
    }

    /// This run's ratio and interval as a `RunRatio`, for comparing runs.
    public func runRatio(run: String) -> RunRatio? {
        guard let ratio, let ratioLow, let ratioHigh else { return nil }
        return RunRatio(run: run, ratio: ratio, low: ratioLow, high: ratioHigh)
    }

    /// "near the claimed 2.5x", or "undecided: 1.1–2.0 or 2.0–3.0".
    public var verdictText: String {
        guard verdict == .undecided else { return verdict.text }
        return "undecided: " + candidates.compactMap(\.range).joined(separator: " or ")
    }

    /// Within ±25% of the document's 100 000 (AF_UNIX) and 40 000 (TCP) msg/s.
    public var unixNearClaim: Bool { unix.map { abs($0.median / ClaimPlan.claimedUnix - 1) <= 0.25 } ?? false }
    public var tcpNearClaim: Bool { tcp.map { abs($0.median / ClaimPlan.claimedTCP - 1) <= 0.25 } ?? false }
}

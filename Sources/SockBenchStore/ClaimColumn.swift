/// The columns of claim.csv (`reproduce`: one row per condition), in the order they are written.
public enum ClaimColumn: String, CaseIterable, Hashable, Sendable {
    case condition, pattern
    case size = "size_bytes"
    case noDelay = "nodelay"
    case buffers, cpu
    case unixRate = "unix_msg_per_s"
    case unixLow = "unix_ci_low"
    case unixHigh = "unix_ci_high"
    case tcpRate = "tcp_msg_per_s"
    case tcpLow = "tcp_ci_low"
    case tcpHigh = "tcp_ci_high"
    case ratio
    case ratioLow = "ratio_low"
    case ratioHigh = "ratio_high"
    case claimRatio = "claim_ratio"
    case verdict
    case unixDatagramRate = "unix_dgram_msg_per_s"
    case udpRate = "udp_msg_per_s"
    case shortLabel = "short_label"
    case slots
    case ratioHalfWidth = "ratio_half_width"
    case candidates, idle
    case ratioDrift = "ratio_drift"
    case runs
    case betweenRuns = "between_runs"
    /// The interval the verdict reads: the run's own, widened by the spread between runs.
    case verdictLow = "verdict_low"
    case verdictHigh = "verdict_high"
    case ratioModes = "ratio_modes"
    /// The floors (context cells): a blocking pipe pair and a busy-polled shared-memory ring.
    case pipeRate = "pipe_msg_per_s"
    case shmRate = "shm_msg_per_s"

    public var column: String { rawValue }
    /// The header of claim.csv.
    public static var header: [String] { allCases.map(\.rawValue) }
}

/// The columns of claim-pairs.csv: every slot's AF_UNIX and TCP msg/s and their ratio, per condition.
public enum ClaimPairColumn: String, CaseIterable, Hashable, Sendable {
    case condition, slot
    case unixRate = "unix_msg_per_s"
    case tcpRate = "tcp_msg_per_s"
    case ratio
    /// Seconds since the run started, when the slot was measured.
    case time = "time_s"
    case shortLabel = "short_label"

    public var column: String { rawValue }
    public static var header: [String] { allCases.map(\.rawValue) }
}

import SockBenchModel

/// Why a run cannot be planned: the rules `RunPlan.init` checks for every command that measures.
/// The executable prints `description` as one line and exits 64 (EX_USAGE).
public enum PlanError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A run name that cannot be a directory name (`RunName.problem` says why).
    case invalidName(String)
    /// `--nodelay` chosen for a matrix with no TCP transport.
    case noDelayWithoutTCP
    /// A paced stream (one-way latency) between workers that do not share a clock.
    case oneWayLatencyAcrossHosts
    /// `--connections`: the open-files limit could not be raised (the syscall's message).
    case openFilesUnraisable(String)
    /// `--connections`: the hard open-files limit cannot hold the connections.
    case openFiles(connections: Int, need: Int, soft: Int, hard: Int)
    /// `--compare`: no combination of the other axes has both values.
    case compareHasNoPair(CompareSpec)
    case controlsWithCompare
    case controlsWithVerify

    public var description: String {
        switch self {
        case .invalidName(let name):
            RunName.problem(name)
        case .noDelayWithoutTCP:
            "--nodelay: TCP_NODELAY applies only to tcp and tcp6, and none is in --transport"
        case .oneWayLatencyAcrossHosts:
            "--rate with stream measures one-way latency, which needs both workers on one host (one clock); between hosts use --pattern rr, which times round trips on the client"
        case .openFilesUnraisable(let message):
            "--connections: \(message)"
        case .openFiles(let connections, let need, let soft, let hard):
            "--connections \(connections) needs \(need) open files in the server process; the limit is \(soft) (hard \(hard)): raise it with `ulimit -n \(need)` (as root above the hard limit) or use fewer connections"
        case .compareHasNoPair(let spec):
            "--compare \(spec): no combination of the other axes has both values (every pair was skipped)"
        case .controlsWithCompare:
            "--controls and --compare both pair cells in slots; give one"
        case .controlsWithVerify:
            "--controls: the C reference loops do not check payloads; drop --verify"
        }
    }
}

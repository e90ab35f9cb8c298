import SockBenchCore
import SockBenchModel

/// An axis column of summary.csv: its name in the file and how a cell's value on it is written
/// there. Figure filters compare these same spellings (gnuplot reads the file itself), so the
/// writer and every reader take them from here.
public enum SummaryAxis: String, CaseIterable, Hashable, Sendable {
    case transport
    case pattern
    case size = "size_bytes"
    case sendBufferRequested = "sndbuf_requested"
    case receiveBufferRequested = "rcvbuf_requested"
    case noDelay = "nodelay"
    case mode
    case cpu
    case pairs
    case batch
    case replySize = "reply_size_bytes"
    case writes
    case replyWrites = "reply_writes"
    case splitWrite = "split_write"
    case quickAck = "quickack"
    case busyPoll = "busy_poll_us"
    case zeroCopy = "zerocopy"
    case keepAlive = "keepalive"
    case connections
    /// Only in runs with `--threads` cells.
    case threads
    /// Only in runs with paced cells: messages per burst (`--burst`), 1 evenly spaced.
    case burst
    /// `--size-dist`: the distribution sizes are drawn from (`size_bytes` is then its largest);
    /// empty for a fixed size. A summary written before the axis has no such column.
    case sizeDistribution = "size_dist"
    /// Only in runs with paced (`--rate`) cells.
    case rateOffered = "rate_offered"
    case idle
    case engine

    /// The column's name in summary.csv.
    public var column: String { rawValue }

    /// The matrix axes, which every summary.csv a figure can draw has.
    public static let matrix: [SummaryAxis] = [
        .transport, .pattern, .size, .sendBufferRequested, .receiveBufferRequested, .noDelay, .mode, .cpu, .pairs, .batch,
        .replySize, .writes, .replyWrites, .splitWrite, .quickAck, .busyPoll, .zeroCopy, .keepAlive, .connections,
    ]

    /// The axes only some summaries have: paced runs' rate, a cell's own idle policy, the loops' engine.
    public static let later: [SummaryAxis] = [.rateOffered, .idle, .engine, .threads, .burst, .sizeDistribution]

    /// The axes a summary.csv written before them lacks (`--split-write`, `--quickack`, and the
    /// socket options of `--busy-poll-us`, `--zerocopy`, `--keepalive`); its rows read them as "does not apply".
    public static let optional: Set<SummaryAxis> = [.splitWrite, .quickAck, .busyPoll, .zeroCopy, .keepAlive]

    /// The matrix axes every summary.csv a figure can draw has.
    public static var required: [SummaryAxis] { matrix.filter { !optional.contains($0) } }

    /// The cell's value on this axis as summary.csv writes it; empty means "does not apply".
    public func field(_ cell: Cell) -> String {
        switch self {
        case .transport: cell.transport.rawValue
        case .pattern: cell.pattern.rawValue
        case .size: String(cell.sizeBytes)
        case .sendBufferRequested: cell.sendBufferBytes.map(String.init) ?? "default"
        case .receiveBufferRequested: cell.receiveBufferBytes.map(String.init) ?? "default"
        case .noDelay: cell.noDelaySetting ?? ""
        case .mode: cell.mode.rawValue
        case .cpu: cell.cpu.description
        case .pairs: String(cell.pairs)
        case .batch: String(cell.batch ?? 1)
        // Empty where a reply does not apply (streams, connect), which figure filters read as "any".
        case .replySize: cell.pattern == .pingpong || cell.pattern == .rr ? String(cell.replyBytes) : ""
        case .writes: String(cell.writes ?? 1)
        // Empty where nothing replies (streams), which figure filters read as "any".
        case .replyWrites: cell.pattern == .stream ? "" : String(cell.replyWrites ?? 1)
        // Empty where nothing is split, or where TCP_QUICKACK does not apply.
        case .splitWrite: cell.splitWriteSetting ?? ""
        case .quickAck: cell.quickAckSetting ?? ""
        // Empty where the option was not given (busy poll) or does not apply (zerocopy, keepalive).
        case .busyPoll: cell.busyPollSetting ?? ""
        case .zeroCopy: cell.zeroCopySetting ?? ""
        case .keepAlive: cell.keepAliveSetting ?? ""
        // Empty for pairs: `--connections` cells only.
        case .connections: cell.connections.map(String.init) ?? ""
        // Empty without the axis (one thread, and every cell of older runs).
        case .threads: cell.threads.map(String.init) ?? ""
        // Empty where nothing is paced.
        case .burst: cell.ratePerSecond == nil ? "" : String(cell.burst ?? 1)
        // Empty for a fixed size, which figure filters read as a value of its own.
        case .sizeDistribution: cell.sizeDistribution?.spelling ?? ""
        case .rateOffered: cell.ratePerSecond.map(String.init) ?? ""
        // The cell's own idle policy, or `run` (the run's --idle, run.json), so cells that differ
        // only in their idle policy are told apart. Never empty.
        case .idle: cell.idle?.rawValue ?? "run"
        case .engine: (cell.engine ?? .swift).rawValue
        }
    }

    /// Whether an empty field is a value of its own rather than "does not apply": a cell without
    /// connections is a pair, one without a rate is unpaced, one without a distribution sends one size.
    public var emptyIsAValue: Bool { self == .connections || self == .rateOffered || self == .threads || self == .sizeDistribution }
}

/// The statistics summary.csv writes per metric, as suffixes of the metric's name.
public enum SummaryStatistic: String, CaseIterable, Sendable {
    case n = "_n"
    case median = "_median"
    case confidenceLow = "_ci_low"
    case confidenceHigh = "_ci_high"
    case coefficientOfVariation = "_cv"

    /// The column of `metric`'s statistic: `msg_per_s_median`.
    public func column(_ metric: Metric) -> String { metric.rawValue + rawValue }

    /// The three a figure draws: the median and its 95% interval.
    public static let interval: [SummaryStatistic] = [.median, .confidenceLow, .confidenceHigh]
}

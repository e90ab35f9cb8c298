import SockBenchCore

/// How a kernel knob meets a cell: it applies; it does not apply to this pattern (the axis collapses
/// to one cell, measured without it, and a note says so); or the transport has no such thing (the
/// cell is skipped with the reason).
public enum KnobFit: Equatable, Sendable {
    case applies
    case collapses(String)
    case skipped(String)

    /// The note or the reason; nil where the knob applies. A worker refuses a job with it.
    public var refusal: String? {
        switch self {
        case .applies: nil
        case .collapses(let note), .skipped(let note): note
        }
    }
}

/// `--busy-poll-us`, `--zerocopy` and `--keepalive`: the socket options of issue #28 items 4-6, applied
/// to the cells the other axes made. The one statement of where each applies: the matrix collapses
/// or skips by these rules and a worker refuses a job they exclude.
extension Matrix {
    /// `--busy-poll-us` values: 0 (SO_BUSY_POLL set to 0) to one second.
    public static let busyPollRange = 0...1_000_000

    /// SO_BUSY_POLL: a receive path that polls a NAPI queue (TCP, UDP), on the pairs' own sockets.
    public static func busyPollFit(_ transport: Transport, _ pattern: Pattern, connections: Int?) -> KnobFit {
        if !transport.isSocket { return .skipped("SO_BUSY_POLL is a socket option; \(transport.rawValue) has no socket") }
        if transport.isUnix {
            return .skipped("AF_UNIX has no NAPI queue: the kernel takes SO_BUSY_POLL on a unix socket (and reads it back) but no unix receive path busy-polls")
        }
        if connections != nil || pattern == .connect {
            return .collapses("--busy-poll-us applies to the sockets of pingpong, stream and rr pairs: \(transport.rawValue) \(connections != nil ? "--connections" : pattern.rawValue) measured once, without it")
        }
        return .applies
    }

    /// MSG_ZEROCOPY: an unpaced TCP stream's sender of one fixed size (`drawnSizes`: `--size-dist`'s).
    public static func zeroCopyFit(_ transport: Transport, _ pattern: Pattern, mode: IOMode, paced: Bool, connections: Int?, drawnSizes: Bool = false) -> KnobFit {
        if transport.isUnix || !transport.isSocket { return .skipped("MSG_ZEROCOPY is TCP's and UDP's (SO_ZEROCOPY: EOPNOTSUPP elsewhere); \(transport.rawValue) has none") }
        if !transport.isTCP { return .skipped("--zerocopy is measured on TCP streams; a UDP zero-copy sender is not an axis") }
        if mode.usesIOUring { return .skipped("--zerocopy sends with send(MSG_ZEROCOPY); io_uring's own zero-copy send (IORING_OP_SEND_ZC) is not measured") }
        if pattern != .stream || paced || connections != nil {
            return .collapses("--zerocopy applies to unpaced TCP streams: \(transport.rawValue) \(paced ? "paced " : "")\(pattern.rawValue) measured once, without it")
        }
        if drawnSizes {
            return .collapses("--zerocopy's sender sends one fixed size: \(transport.rawValue) stream with --size-dist measured once, without it")
        }
        return .applies
    }

    /// SO_KEEPALIVE and its timers: the TCP sockets of pairs.
    public static func keepAliveFit(_ transport: Transport, _ pattern: Pattern, connections: Int?) -> KnobFit {
        if !transport.isTCP { return .skipped("SO_KEEPALIVE probes are TCP's; \(transport.rawValue) has no peer to probe") }
        if connections != nil || pattern == .connect {
            return .collapses("--keepalive applies to the sockets of TCP pingpong, stream and rr pairs: \(transport.rawValue) \(connections != nil ? "--connections" : pattern.rawValue) measured once, without it")
        }
        return .applies
    }

    static func applyKnobs(_ axes: MatrixAxes, to cells: [Cell]) -> (cells: [Cell], skipped: [SkippedCombination], notes: Set<String>) {
        var result: [Cell] = []
        var seen: Set<Cell> = []
        var skipped: [SkippedCombination] = []
        var notes: Set<String> = []
        /// Applies one knob's value: true keeps the cell (changed or collapsed), false skips it.
        func fit(_ fit: KnobFit, _ cell: Cell, setting: String, wanted: Bool, apply: (inout Cell) -> Void, to shaped: inout Cell) -> Bool {
            guard wanted else { return true }
            switch fit {
            case .applies: apply(&shaped)
            case .collapses(let note): notes.insert(note)
            case .skipped(let reason):
                let entry = SkippedCombination(combination: "\(cell.transport.rawValue) \(cell.pattern.rawValue) \(setting)", reason: reason)
                if !skipped.contains(entry) { skipped.append(entry) }
                return false
            }
            return true
        }
        for cell in cells {
            let paced = cell.ratePerSecond != nil
            for busy in axes.busyPoll.map({ $0.map(Optional.some) }) ?? [nil] {
                for zero in axes.zeroCopy ?? [false] {
                    for keep in axes.keepAlive ?? [false] {
                        var shaped = cell
                        // A 0 where SO_BUSY_POLL means nothing is the cell without it, not a skip.
                        let busyFit = busy == 0 && Matrix.busyPollFit(cell.transport, cell.pattern, connections: cell.connections) != .applies
                            ? .collapses("--busy-poll-us 0 on \(cell.transport.rawValue) \(cell.pattern.rawValue) is the cell without SO_BUSY_POLL: measured once")
                            : Matrix.busyPollFit(cell.transport, cell.pattern, connections: cell.connections)
                        guard fit(busyFit, cell, setting: "busy-poll-us=\(busy ?? 0)", wanted: busy != nil, apply: { $0.busyPollMicroseconds = busy }, to: &shaped),
                              fit(Matrix.zeroCopyFit(cell.transport, cell.pattern, mode: cell.mode, paced: paced, connections: cell.connections, drawnSizes: cell.sizeDistribution != nil), cell, setting: "zerocopy=on", wanted: zero, apply: { $0.zeroCopy = true }, to: &shaped),
                              fit(Matrix.keepAliveFit(cell.transport, cell.pattern, connections: cell.connections), cell, setting: "keepalive=on", wanted: keep, apply: { $0.keepAlive = axes.keepAliveTimers ?? KeepAlive() }, to: &shaped)
                        else { continue }
                        if seen.insert(shaped).inserted { result.append(shaped) }
                    }
                }
            }
        }
        return (result, skipped, notes)
    }
}

import SockBenchCore

/// The axes of a benchmark matrix: every combination of the listed values is a cell.
public struct MatrixAxes: Codable, Sendable, Hashable {
    public var transports: [Transport]
    public var patterns: [Pattern]
    public var sizes: [Int]
    /// nil entries mean "kernel default".
    public var sendBuffers: [Int?]
    public var receiveBuffers: [Int?]
    public var noDelay: [Bool]
    public var modes: [IOMode]
    public var cpus: [CPUPlacement]
    public var pairs: [Int]
    /// Messages per sendmmsg/recvmmsg for datagram streams; nil or [1] is one syscall per message.
    public var batches: [Int]?
    /// Ping-pong reply sizes; nil replies with the request's size.
    public var replySizes: [Int]?
    /// send() calls per request (`--writes`); nil or [1] sends each request whole.
    public var writes: [Int]?
    /// send() calls per reply (`--reply-writes`); nil or [1] sends each reply whole.
    public var replyWrites: [Int]? = nil
    /// `--connections`: nil measures pairs; each value is one epoll server with that many connections.
    public var connections: [Int]?
    /// Offered messages per second per pair (paced stream, rr); nil entries are unpaced (`max`).
    public var rates: [Int?]?
    /// `--compare idle=poll,os`: each cell measured under each idle policy; nil follows `--idle`.
    public var idles: [IdleStates]? = nil
    /// `--split-write`: how split messages reach the kernel; nil or [plain] is two send() calls.
    public var splitWrites: [SplitStyle]? = nil
    /// `--quickack`: TCP_QUICKACK re-armed after every receive (true) or not; nil or [false] is off.
    public var quickAck: [Bool]? = nil
    /// `--threads`: threads per worker process of `--connections` cells; nil is one, without the axis.
    public var threads: [Int]? = nil
    /// `--burst`: messages per burst of paced cells; nil or [1] is evenly spaced.
    public var bursts: [Int]? = nil
    /// `--size-dist`: distributions message sizes are drawn from, replacing `sizes` when given (one
    /// that has a single size is that fixed size); nil measures `sizes`.
    public var sizeDistributions: [SizeDistribution]? = nil
    /// `--busy-poll-us`: SO_BUSY_POLL values (µs) on the receiving sockets; nil leaves it alone.
    public var busyPoll: [Int]? = nil
    /// `--zerocopy`: MSG_ZEROCOPY on TCP stream senders (true) or not; nil or [false] is off.
    public var zeroCopy: [Bool]? = nil
    /// `--keepalive`: SO_KEEPALIVE on TCP sockets (true) or not; nil or [false] is off.
    public var keepAlive: [Bool]? = nil
    /// `--keepalive-idle`, `--keepalive-interval`, `--keepalive-count`: the timers of `--keepalive on`.
    public var keepAliveTimers: KeepAlive? = nil

    public init(
        transports: [Transport] = [.unix, .tcp], patterns: [Pattern] = [.pingpong, .stream], sizes: [Int] = [64],
        sendBuffers: [Int?] = [nil], receiveBuffers: [Int?] = [nil], noDelay: [Bool] = [true],
        modes: [IOMode] = [.blocking], cpus: [CPUPlacement] = [.none], pairs: [Int] = [1], batches: [Int]? = nil,
        replySizes: [Int]? = nil, writes: [Int]? = nil, replyWrites: [Int]? = nil, connections: [Int]? = nil, rates: [Int?]? = nil
    ) {
        self.transports = transports
        self.patterns = patterns
        self.sizes = sizes
        self.sendBuffers = sendBuffers
        self.receiveBuffers = receiveBuffers
        self.noDelay = noDelay
        self.modes = modes
        self.cpus = cpus
        self.pairs = pairs
        self.batches = batches
        self.replySizes = replySizes
        self.writes = writes
        self.replyWrites = replyWrites
        self.connections = connections
        self.rates = rates
    }
}

/// A combination that is not measured, and why.
public struct SkippedCombination: Codable, Sendable, Hashable, CustomStringConvertible {
    public var combination: String
    public var reason: String
    public var description: String { "\(combination): \(reason)" }

    public init(combination: String, reason: String) {
        self.combination = combination
        self.reason = reason
    }
}

/// The cells a matrix expands to, in axis order, plus what it skipped.
public struct MatrixPlan: Sendable {
    public var cells: [Cell]
    public var skipped: [SkippedCombination]
    /// Notes about axes that collapse (TCP_NODELAY on a transport that has no Nagle).
    public var notes: [String]
}

public enum Matrix {
    /// Expands `axes` into cells. TCP_NODELAY applies only to TCP: for other transports the nodelay
    /// axis collapses to one cell and a note says so. Combinations a transport cannot carry are skipped
    /// with their reason, never silently. `ioUringRefusal` says why the kernel refuses an io_uring
    /// mode (asked only when the axes hold one; tests pass their own).
    public static func expand(
        _ axes: MatrixAxes, unixDatagramLimit: Int = HostLimits.unixDatagramDefaultLimit(), usableCPUs: Int = Sys.usableCPUs().count,
        ioUringRefusal: (IOMode) -> String? = Matrix.kernelIOUringRefusal
    ) -> MatrixPlan {
        var expansion = Expansion(axes: axes, unixDatagramLimit: unixDatagramLimit)
        for transport in axes.transports {
            for pattern in axes.patterns {
                for size in axes.messageSizes { expansion.add(transport, pattern, sizeBytes: size.bytes, drawn: size.drawn) }
            }
        }
        let split = applySplitWrites(axes.splitWrites, quickAck: axes.quickAck, to: expansion.cells)
        var paced = applyRates(axes.rates, to: split.cells)
        let uring = applyIOUring(to: paced.cells, kernelRefusal: ioUringRefusal)
        paced.cells = uring.cells
        let threaded = applyThreads(axes.threads, to: paced.cells, usableCPUs: usableCPUs)
        let bursty = applyBursts(axes.bursts, to: threaded.cells)
        paced.cells = bursty.cells
        var knobs = applyKnobs(axes, to: paced.cells)
        if let idles = axes.idles {
            knobs.cells = knobs.cells.flatMap { cell in idles.map { idle in var c = cell; c.idle = idle; return c } }
        }
        return MatrixPlan(
            cells: knobs.cells, skipped: expansion.skipped + split.skipped + paced.skipped + uring.skipped + threaded.skipped + knobs.skipped,
            notes: expansion.notes.union(split.notes).union(threaded.notes).union(bursty.notes).union(knobs.notes).sorted()
        )
    }
}

/// One expansion in progress: the cells so far (each once, in axis order), the combinations
/// skipped with their reasons, and the notes on axes that collapse.
private struct Expansion {
    let axes: MatrixAxes
    let unixDatagramLimit: Int
    var cells: [Cell] = []
    var seen: Set<Cell> = []
    var skipped: [SkippedCombination] = []
    var notes: Set<String> = []

    /// The axes of one cell down to `--batch`, and the label its skip lines start with.
    struct Choice {
        var transport: Transport, pattern: Pattern, size: Int, drawn: SizeDistribution?
        var sendBuffer: Int?, receiveBuffer: Int?, noDelay: Bool
        var mode: IOMode, cpu: CPUPlacement, pairs: Int, batch: Int
        var label: String
    }

    init(axes: MatrixAxes, unixDatagramLimit: Int) {
        self.axes = axes
        self.unixDatagramLimit = unixDatagramLimit
    }

    /// Every combination of one transport, pattern and size with the other axes; `drawn`: the
    /// distribution sizes are drawn from (`--size-dist`), `size` being its largest.
    mutating func add(_ transport: Transport, _ pattern: Pattern, sizeBytes size: Int, drawn: SizeDistribution?) {
        let label = "\(transport.rawValue) \(pattern.rawValue) \(drawn?.spelling ?? Quantities.formatBytes(size))"
        if let reason = Matrix.unsupported(transport, pattern, sizeBytes: size) ?? drawn.flatMap({ Matrix.unsupported(transport, pattern, drawn: $0) }) {
            skipped.append(.init(combination: label, reason: reason))
            return
        }
        for sendBuffer in axes.sendBuffers {
            if transport == .unixDgram, size > (sendBuffer.map { $0 * 2 } ?? unixDatagramLimit) - 1024 {
                skipped.append(.init(combination: "\(label) sndbuf=\(sendBuffer.map(Quantities.formatBytes) ?? "default")", reason: "a unix datagram must fit in the sender's SO_SNDBUF; raise --sndbuf"))
                continue
            }
            for receiveBuffer in axes.receiveBuffers {
                if let reason = Matrix.unsupportedLocal(transport, messageBytes: size, sendBuffer: sendBuffer, receiveBuffer: receiveBuffer) {
                    skip(SkippedCombination(combination: "\(label) sndbuf=\(sendBuffer.map(Quantities.formatBytes) ?? "default") rcvbuf=\(receiveBuffer.map(Quantities.formatBytes) ?? "default")", reason: reason))
                    continue
                }
                for noDelay in axes.noDelay {
                    if !transport.isTCP && axes.noDelay.count > 1 {
                        notes.insert("TCP_NODELAY does not apply to \(transport.rawValue): measured once, without it")
                    }
                    for mode in axes.modes {
                        for cpu in axes.cpus {
                            if let reason = Matrix.unsupported(transport, mode: mode, cpu: cpu) {
                                skip(SkippedCombination(combination: "\(label) \(mode.rawValue) cpu=\(cpu)", reason: reason))
                                continue
                            }
                            for pairs in axes.pairs {
                                for batch in axes.batches ?? [1] {
                                    if batch > 1, !Matrix.batches(transport, pattern) {
                                        notes.insert("--batch applies to datagram streams only: \(transport.rawValue) \(pattern.rawValue) measured with one syscall per message")
                                    }
                                    add(Choice(
                                        transport: transport, pattern: pattern, size: size, drawn: drawn, sendBuffer: sendBuffer, receiveBuffer: receiveBuffer,
                                        noDelay: noDelay, mode: mode, cpu: cpu, pairs: pairs, batch: batch, label: label
                                    ))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Every reply size, request and reply writes and connection count of `choice`.
    mutating func add(_ choice: Choice) {
        let (transport, pattern, size, label) = (choice.transport, choice.pattern, choice.size, choice.label)
        for reply in axes.replySizes ?? [size] {
            let replies = pattern == .pingpong || pattern == .rr
            if !replies, reply != size {
                notes.insert("--reply-size applies to pingpong and rr only: \(transport.rawValue) \(pattern.rawValue) measured once")
            }
            if replies, let reason = Matrix.unsupportedReply(transport, pattern, replyBytes: reply, sendBuffer: choice.sendBuffer, unixDatagramLimit: unixDatagramLimit) {
                skip(SkippedCombination(combination: "\(label) reply=\(Quantities.formatBytes(reply))", reason: reason))
                continue
            }
            for writes in axes.writes ?? [1] {
                for replyWrites in axes.replyWrites ?? [1] {
                    if let reason = Matrix.unsupportedReplyWrites(transport, pattern, replyBytes: reply, replyWrites: replyWrites) {
                        let shape = reply == size ? "" : " reply=\(Quantities.formatBytes(reply))"
                        skip(SkippedCombination(combination: "\(label)\(shape) reply-writes=\(replyWrites)", reason: reason))
                        continue
                    }
                    for connections in axes.connections.map({ $0.map(Optional.some) }) ?? [nil] {
                        add(choice, reply: reply, writes: writes, replyWrites: replyWrites, connections: connections)
                    }
                }
            }
        }
    }

    /// The cell of `choice` with these shapes, unless a rule skips it.
    mutating func add(_ choice: Choice, reply: Int, writes: Int, replyWrites: Int, connections: Int?) {
        let (transport, pattern, label) = (choice.transport, choice.pattern, choice.label)
        if let connections, let reason = Matrix.unsupported(transport, pattern, connections: connections, writes: writes, replyWrites: replyWrites) {
            skipWithFirstReason(SkippedCombination(combination: "\(label) connections=\(connections)", reason: reason))
            return
        }
        if connections != nil, choice.mode != .epoll, choice.mode != .epollET, axes.modes.count > 1 || choice.mode != .blocking {
            notes.insert("--connections: one epoll loop per process, so --mode does not apply beyond epoll-et (the server's connections registered edge-triggered): other modes measured as epoll")
        }
        if let connections, choice.mode == .epollET, let reason = Matrix.unsupportedEdgeTriggeredServer(transport) {
            skip(SkippedCombination(combination: "\(label) epoll-et connections=\(connections)", reason: reason))
            return
        }
        let servedMode: IOMode = connections == nil ? choice.mode : choice.mode == .epollET ? .epollET : .epoll
        if let reason = Matrix.unsupported(transport, pattern, sizeBytes: choice.size, mode: servedMode, writes: writes) {
            skipWithFirstReason(SkippedCombination(combination: "\(label) \(choice.mode.rawValue) writes=\(writes)", reason: reason))
            return
        }
        let replies = pattern == .pingpong || pattern == .rr
        if choice.drawn != nil, let conflict = Matrix.drawnSizesConflict(
            replySizeBytes: replies && axes.replySizes != nil ? reply : nil, writes: writes, replyWrites: replyWrites,
            batch: Matrix.batches(transport, pattern) ? choice.batch : 1, connections: connections, engine: nil
        ) {
            skipWithFirstReason(SkippedCombination(combination: "\(label) \(conflict.setting)", reason: conflict.reason))
            return
        }
        var cell = Cell(
            transport: transport, pattern: pattern, sizeBytes: choice.size,
            sendBufferBytes: choice.sendBuffer, receiveBufferBytes: choice.receiveBuffer,
            noDelay: choice.noDelay, mode: choice.mode, cpu: choice.cpu, pairs: choice.pairs,
            batch: Matrix.batches(transport, pattern) ? choice.batch : nil, replySizeBytes: reply, writes: writes,
            replyWrites: replyWrites, connections: connections
        )
        cell.sizeDistribution = choice.drawn
        if seen.insert(cell).inserted { cells.append(cell) }
    }

    /// Records a skipped combination once (the same skip and reason).
    mutating func skip(_ entry: SkippedCombination) {
        if !skipped.contains(entry) { skipped.append(entry) }
    }

    /// Records a skipped combination once per combination, with the first reason found.
    mutating func skipWithFirstReason(_ entry: SkippedCombination) {
        if !skipped.contains(where: { $0.combination == entry.combination }) { skipped.append(entry) }
    }
}

extension Matrix {
    /// Why `transport` cannot carry `pattern` with messages of `sizeBytes`, or nil when it can. The
    /// one statement of these rules: the matrix skips such cells and a worker refuses such a job.
    public static func unsupported(_ transport: Transport, _ pattern: Pattern, sizeBytes: Int) -> String? {
        if let limit = transport.maximumMessageBytes, sizeBytes > limit {
            return "\(transport.rawValue) carries at most \(limit) bytes per datagram"
        }
        if pattern == .connect, !transport.isConnectionOriented {
            return "a connection per request needs a connection-oriented transport (unix, unix-seqpacket, tcp, tcp6)"
        }
        if pattern == .stream, transport.isDatagram, sizeBytes < WorkerJob.sequenceHeaderBytes {
            return "datagram streams carry an \(WorkerJob.sequenceHeaderBytes)-byte sequence number; use a size of at least \(WorkerJob.sequenceHeaderBytes)"
        }
        return unsupportedLocal(transport, pattern)
    }

    /// Why a ping-pong server cannot send replies of `replyBytes` on `transport`, or nil when it can:
    /// a reply is a datagram too, under the same limits as a request.
    public static func unsupportedReply(_ transport: Transport, _ pattern: Pattern = .pingpong, replyBytes: Int, sendBuffer: Int?, unixDatagramLimit: Int) -> String? {
        // rr's reply carries the request's timing header back to the client.
        if pattern == .rr, replyBytes < PacedHeader.bytes {
            return "an rr reply carries the request's \(PacedHeader.bytes)-byte timing header back; use --reply-size of at least \(PacedHeader.bytes)"
        }
        if let limit = transport.maximumMessageBytes, replyBytes > limit {
            return "\(transport.rawValue) carries at most \(limit) bytes per datagram; the reply would not fit"
        }
        if transport == .unixDgram, replyBytes > (sendBuffer.map { $0 * 2 } ?? unixDatagramLimit) - 1024 {
            return "a unix datagram reply must fit in the server's SO_SNDBUF; raise --sndbuf"
        }
        if transport == .shm, !SharedRing.fits(requested: sendBuffer, messageBytes: replyBytes) {
            return ringRange(sendBuffer: sendBuffer ?? 0, messageBytes: replyBytes)
        }
        return nil
    }

    /// Why a cell with this I/O mode and `--writes` value (the request's) cannot be measured, or nil
    /// when it can. The matrix skips such cells and a worker refuses such a job.
    public static func unsupported(_ transport: Transport, _ pattern: Pattern, sizeBytes: Int, mode: IOMode, writes: Int) -> String? {
        if pattern == .connect, mode != .blocking, mode != .timeout {
            return "the connect pattern uses blocking sockets (modes blocking and timeout)"
        }
        if let reason = unsupportedLocal(transport, mode: mode) { return reason }
        guard writes > 1 else { return nil }
        if let reason = unsplittable(transport, pattern, option: "--writes 2") { return reason }
        if sizeBytes < SplitWrite.minimumMessageBytes { return "a \(sizeBytes)-byte request cannot be split into a header and a body" }
        return nil
    }

    /// Why the server's reply cannot be sent in `replyWrites` send() calls (`--reply-writes`), or nil
    /// when it can. The matrix skips such cells and a worker refuses such a job.
    public static func unsupportedReplyWrites(_ transport: Transport, _ pattern: Pattern, replyBytes: Int, replyWrites: Int) -> String? {
        guard replyWrites > 1 else { return nil }
        if let reason = unsplittable(transport, pattern, option: "--reply-writes 2") { return reason }
        if replyBytes < SplitWrite.minimumMessageBytes { return "a \(replyBytes)-byte reply cannot be split into a header and a body" }
        return nil
    }

    /// Why `option` (a split into header and body) cannot apply to any message of this transport
    /// and pattern, or nil when it can: only a byte stream with a reply to wait for splits.
    private static func unsplittable(_ transport: Transport, _ pattern: Pattern, option: String) -> String? {
        if transport.isDatagram { return "a datagram is one write: \(option) needs a byte stream (unix, tcp, tcp6)" }
        if transport == .shm { return "a shm ring publishes each message whole: \(option) needs a byte stream (unix, tcp, tcp6, pipe)" }
        if !transport.isByteStream { return "unix-seqpacket keeps message boundaries (each send is one message): \(option) needs a byte stream" }
        if pattern == .stream { return "\(option) applies to request/response patterns (pingpong, rr, connect), not stream" }
        return nil
    }

    /// The accepted `--connections` values.
    public static let connectionRange = 1...1_000_000

    /// Why `--connections` cannot apply to this combination, or nil when it can.
    public static func unsupported(_ transport: Transport, _ pattern: Pattern, connections: Int, writes: Int, replyWrites: Int) -> String? {
        if !transport.isSocket { return "--connections opens sockets to one epoll server; \(transport.rawValue) joins one pair of workers (use --pairs)" }
        if pattern != .pingpong { return "--connections measures ping-pong on every connection at once, not \(pattern.rawValue)" }
        if writes > 1 { return "--connections sends each message whole (--writes 1)" }
        if replyWrites > 1 { return "--connections sends each message whole (--reply-writes 1)" }
        return nil
    }

    /// Why a `--connections` server on `transport` cannot register its connections edge-triggered
    /// (`--mode epoll-et`), or nil when it can. The matrix skips such cells and a worker refuses such a job.
    public static func unsupportedEdgeTriggeredServer(_ transport: Transport) -> String? {
        transport.isConnectionOriented ? nil
            : "a datagram --connections server reads one socket, not an epoll set of connections: epoll-et applies to unix, unix-seqpacket, tcp and tcp6"
    }

    /// Why these axes cannot be measured as given, or nil when they can: axes that exclude each
    /// other whatever the other values (unlike a combination, which is skipped with its reason).
    /// Commands refuse such axes before anything runs (exit 64), so no axis is dropped silently.
    public static func unsupportedAxes(_ axes: MatrixAxes) -> String? {
        if axes.connections != nil, axes.pairs != [1] {
            let pairs = axes.pairs.map(String.init).joined(separator: ",")
            return "--pairs \(pairs) does not apply with --connections: a --connections cell is one epoll server whose clients run in --client-processes processes; drop --pairs or --connections"
        }
        if let reason = unsupportedThreadAxes(axes) { return reason }
        return unsupportedRingAxes(axes)
    }

    /// Whether `--batch` (sendmmsg/recvmmsg) applies: to datagram streams only.
    public static func batches(_ transport: Transport, _ pattern: Pattern) -> Bool {
        transport.isDatagram && pattern == .stream
    }

    /// Applies the same skip rules to a hand-picked list of cells.
    public static func plan(
        cells: [Cell], unixDatagramLimit: Int = HostLimits.unixDatagramDefaultLimit(),
        ioUringRefusal: (IOMode) -> String? = Matrix.kernelIOUringRefusal
    ) -> MatrixPlan {
        var kept: [Cell] = []
        var skipped: [SkippedCombination] = []
        var notes: [String] = []
        for cell in cells {
            var single = MatrixAxes(
                transports: [cell.transport], patterns: [cell.pattern], sizes: [cell.sizeBytes],
                sendBuffers: [cell.sendBufferBytes], receiveBuffers: [cell.receiveBufferBytes],
                noDelay: [cell.noDelay ?? true], modes: [cell.mode], cpus: [cell.cpu], pairs: [cell.pairs],
                batches: [cell.batch ?? 1], replySizes: cell.replySizeBytes.map { [$0] }, writes: [cell.writes ?? 1],
                replyWrites: [cell.replyWrites ?? 1], connections: cell.connections.map { [$0] }, rates: [cell.ratePerSecond]
            )
            single.splitWrites = [cell.splitWrite ?? .plain]
            single.quickAck = [cell.quickAck ?? false]
            single.threads = cell.threads.map { [$0] }
            single.bursts = cell.burst.map { [$0] }
            single.sizeDistributions = cell.sizeDistribution.map { [$0] }
            single.busyPoll = cell.busyPollMicroseconds.map { [$0] }
            single.zeroCopy = [cell.zeroCopy ?? false]
            single.keepAlive = [cell.keepAlive != nil]
            single.keepAliveTimers = cell.keepAlive
            let plan = expand(single, unixDatagramLimit: unixDatagramLimit, ioUringRefusal: ioUringRefusal)
            if plan.cells.isEmpty { skipped += plan.skipped } else if !kept.contains(cell) { kept.append(cell) }
            notes += plan.notes
        }
        return MatrixPlan(cells: kept, skipped: skipped, notes: notes)
    }
}

import SockBenchCore

/// One point of the benchmark matrix: a value on every axis.
public struct Cell: Codable, Hashable, Sendable {
    public var transport: Transport
    public var pattern: Pattern
    public var sizeBytes: Int
    /// SO_SNDBUF / SO_RCVBUF requested; nil keeps the kernel default.
    public var sendBufferBytes: Int?
    public var receiveBufferBytes: Int?
    /// TCP_NODELAY; nil on transports other than TCP.
    public var noDelay: Bool?
    public var mode: IOMode
    public var cpu: CPUPlacement
    public var pairs: Int
    /// Datagram streams: messages per sendmmsg/recvmmsg; nil is one send/recv per message.
    public var batch: Int?
    /// Ping-pong: bytes of each reply when they differ from `sizeBytes`; nil is a plain echo.
    public var replySizeBytes: Int?

    /// The hot loop: nil for sockbench's Swift loops, `.c` for the plain-C reference loops that
    /// `calibrate` compares them with and `check` measures as a control of the machine's state.
    public var engine: Engine?
    /// send() calls per request (`--writes`); nil is one (the whole request), 2 a header then the body.
    public var writes: Int?
    /// send() calls per reply (`--reply-writes`), as `writes`; nil is one. Runs made before this axis
    /// existed have none, and their `writes` split the reply too.
    public var replyWrites: Int? = nil
    /// How a split message's pieces reach the kernel (`--split-write`); nil is two plain send()
    /// calls, and every cell without a split message.
    public var splitWrite: SplitStyle? = nil
    /// TCP_QUICKACK re-armed after every receive (`--quickack on`); nil is off (the kernel's
    /// delayed ACKs), and every cell the option does not apply to.
    public var quickAck: Bool? = nil
    /// SO_BUSY_POLL in µs on the receiving sockets (`--busy-poll-us`); nil leaves the kernel's default.
    public var busyPollMicroseconds: Int? = nil
    /// SO_ZEROCOPY and send(MSG_ZEROCOPY) on a TCP stream's sender (`--zerocopy on`); nil is off.
    public var zeroCopy: Bool? = nil
    /// SO_KEEPALIVE with these timers on TCP sockets (`--keepalive on`); nil is off.
    public var keepAlive: KeepAlive? = nil
    /// `--connections`: one epoll server serving this many connections, driven by several client
    /// processes; nil is one connection per pair. The loops are epoll loops, so `mode` is `.epoll`, or
    /// `.epollET` for a server whose connections are registered edge-triggered.
    public var connections: Int?
    /// `--threads`: threads per worker process of a `--connections` cell, each with its own epoll
    /// loop and its share of the connections; nil is the cell without the axis (one thread).
    public var threads: Int? = nil
    /// `--burst`: paced messages sent back to back per slot of the schedule, the offered rate kept;
    /// nil is evenly spaced (and every cell the axis does not apply to).
    public var burst: Int? = nil
    /// `--size-dist`: each message's size drawn from this, `sizeBytes` being its largest (what the
    /// buffers hold and the datagram limits are checked against); nil sends every message at `sizeBytes`.
    public var sizeDistribution: SizeDistribution? = nil
    /// Paced stream and rr: messages per second offered per pair; nil is unpaced (`max`).
    public var ratePerSecond: Int?
    /// Where the workers run (`HostPlacement.cellLabel`), nil for two workers on this host.
    public var hosts: String? = nil
    /// What idle CPUs do while this cell is measured, when it is an axis of its own (`--compare
    /// idle=poll,os`, reproduce's ping-pong conditions); nil follows the run's `--idle`.
    public var idle: IdleStates? = nil

    public init(
        transport: Transport, pattern: Pattern, sizeBytes: Int, sendBufferBytes: Int? = nil,
        receiveBufferBytes: Int? = nil, noDelay: Bool? = nil, mode: IOMode = .blocking,
        cpu: CPUPlacement = .none, pairs: Int = 1, batch: Int? = nil, replySizeBytes: Int? = nil, writes: Int? = nil,
        replyWrites: Int? = nil, connections: Int? = nil, ratePerSecond: Int? = nil, engine: Engine? = nil
    ) {
        self.transport = transport
        self.pattern = pattern
        self.sizeBytes = sizeBytes
        self.sendBufferBytes = sendBufferBytes
        self.receiveBufferBytes = receiveBufferBytes
        self.noDelay = transport.isTCP ? noDelay : nil
        self.mode = mode
        self.cpu = cpu
        self.pairs = pairs
        self.batch = batch.flatMap { $0 > 1 ? $0 : nil }
        // Only ping-pong replies; a reply of the request's size is the echo every older id names.
        self.replySizeBytes = (pattern == .pingpong || pattern == .rr) && replySizeBytes != sizeBytes ? replySizeBytes : nil
        self.engine = engine == .swift ? nil : engine
        self.ratePerSecond = ratePerSecond
        self.writes = writes.flatMap { $0 > 1 ? $0 : nil }
        self.replyWrites = replyWrites.flatMap { $0 > 1 ? $0 : nil }
        self.connections = connections
        if connections != nil {
            self.mode = mode == .epollET ? .epollET : .epoll
            self.pairs = 1
        }
    }

    /// The same cell measured with another hot loop.
    public func with(engine: Engine) -> Cell {
        var cell = self
        cell.engine = engine == .swift ? nil : engine
        return cell
    }

    /// A stable, readable key built from every axis, used to match cells across runs.
    public var id: String {
        [
            transport.rawValue, pattern.rawValue, "\(sizeBytes)B",
            "snd=\(sendBufferBytes.map(String.init) ?? "default")",
            "rcv=\(receiveBufferBytes.map(String.init) ?? "default")",
            "nodelay=\(noDelaySetting ?? Self.notApplicable)",
            mode.rawValue, "cpu=\(cpu)", "pairs=\(pairs)",
        ].joined(separator: "/") + (batch.map { "/batch=\($0)" } ?? "") + (replySizeBytes.map { "/reply=\($0)B" } ?? "")
            + (writes.map { "/writes=\($0)" } ?? "") + (replyWrites.map { "/reply-writes=\($0)" } ?? "")
            + (splitWrite.map { "/split=\($0.rawValue)" } ?? "") + (quickAck == true ? "/quickack=on" : "")
            + (busyPollMicroseconds.map { "/busy-poll=\($0)us" } ?? "") + (zeroCopy == true ? "/zerocopy=on" : "") + (keepAlive.map { "/keepalive=\($0)" } ?? "") + (connections.map { "/connections=\($0)" } ?? "") + (threads.map { "/threads=\($0)" } ?? "") + (burst.map { "/burst=\($0)" } ?? "") + (sizeDistribution.map { "/size-dist=\($0.spelling)" } ?? "")
            + (ratePerSecond.map { "/rate=\($0)" } ?? "") + (hosts.map { "/hosts=\($0)" } ?? "") + (idle.map { "/idle=\($0.rawValue)" } ?? "") + (engine.map { "/engine=\($0.rawValue)" } ?? "")
    }

    /// Bytes the server sends back per ping-pong request (the request's size unless set).
    public var replyBytes: Int { replySizeBytes ?? sizeBytes }

    /// The smallest message: `sizeBytes`, or the smallest size `--size-dist` draws (what a header must fit in).
    public var smallestBytes: Int { sizeDistribution?.smallest ?? sizeBytes }

    /// The message size as skip lines and tables spell it: `64B`, or the distribution (`64B..4KiB`).
    public var sizeLabel: String { sizeDistribution?.spelling ?? Quantities.formatBytes(sizeBytes) }

    /// Bytes one measured message exchange moves: request plus reply for ping-pong, one message for a
    /// stream. Fixed sizes only: with `--size-dist` the workers count the bytes (`payloadBytes`).
    public var bytesPerExchange: Int { pattern == .pingpong || pattern == .rr ? sizeBytes + replyBytes : sizeBytes }

    /// How ids and tables spell an axis that does not apply to a cell (TCP_NODELAY on unix).
    public static let notApplicable = "na"

    /// TCP_NODELAY as `on` or `off`; nil where it does not apply (every transport but TCP), which
    /// ids and tables spell `notApplicable` and the CSV files leave empty, as every absent value.
    public var noDelaySetting: String? { noDelay.map { $0 ? "on" : "off" } }

    /// Whether the request or the reply is written in two pieces (`--writes 2`, `--reply-writes 2`).
    public var splitsAMessage: Bool { writes != nil || replyWrites != nil }

    /// `--split-write` as the CSV and the tables spell it: the style of a split message, nil
    /// (an empty field, `na` in a table) where nothing is split.
    public var splitWriteSetting: String? { splitsAMessage ? (splitWrite ?? .plain).rawValue : nil }

    /// `--quickack` as `on` or `off` where it applies (TCP ping-pong), else nil.
    public var quickAckSetting: String? { transport.isTCP && pattern == .pingpong ? (quickAck == true ? "on" : "off") : nil }

    /// `--busy-poll-us` as written where it was set (µs), else nil.
    public var busyPollSetting: String? { busyPollMicroseconds.map(String.init) }

    /// `--zerocopy` as `on` or `off` where it applies (unpaced TCP streams), else nil.
    public var zeroCopySetting: String? {
        Matrix.zeroCopyFit(transport, pattern, mode: mode, paced: ratePerSecond != nil, connections: connections, drawnSizes: sizeDistribution != nil) == .applies ? (zeroCopy == true ? "on" : "off") : nil
    }

    /// `--keepalive` as `on` or `off` where it applies (TCP pairs), else nil.
    public var keepAliveSetting: String? {
        Matrix.keepAliveFit(transport, pattern, connections: connections) == .applies ? (keepAlive != nil ? "on" : "off") : nil
    }

    public var options: SocketOptions {
        SocketOptions(sendBufferBytes: sendBufferBytes, receiveBufferBytes: receiveBufferBytes, noDelay: noDelay, mode: mode)
    }
}

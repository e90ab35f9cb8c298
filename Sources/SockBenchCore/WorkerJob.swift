import Histogram

/// What traffic a pair exchanges.
public enum Pattern: String, CaseIterable, Codable, Sendable, Comparable {
    /// The client sends N bytes, the server echoes them; the client times each round trip.
    case pingpong
    /// The client sends N-byte messages as fast as it can; the server counts what arrives.
    case stream
    /// A connection per request (netperf's TCP_CRR): connect, send the request, receive the reply,
    /// close; the client times the whole transaction and connect() alone.
    case connect
    /// Open-loop request/response at a fixed rate (`--rate`): requests go out on schedule without
    /// waiting for replies; each round trip is timed from the request's intended send time.
    case rr

    public static func < (a: Pattern, b: Pattern) -> Bool { a.rawValue < b.rawValue }
}

/// Which end of a pair a worker process is.
public enum Role: String, Codable, Sendable {
    /// Binds and receives first: the echo side of ping-pong, the receiver of a stream.
    case server
    /// Connects and sends first: the timer of ping-pong, the sender of a stream.
    case client
}

/// Which implementation of the hot loop a worker runs; everything around the loop is shared.
public enum Engine: String, CaseIterable, Codable, Sendable {
    /// PingPong.swift and Stream.swift: what sockbench measures with.
    case swift
    /// The plain-C reference loops (CSockBenchLoops), for `sockbench calibrate`.
    case c
}

/// How long the measured part of a loop lasts.
public enum Extent: Codable, Sendable, Hashable {
    case duration(nanoseconds: UInt64)
    /// Round trips (ping-pong) or messages sent (stream).
    case count(Int)
}

/// One worker's whole job, sent by the coordinator in its `configure` message.
public struct WorkerJob: Codable, Sendable, Hashable {
    public var role: Role
    public var transport: Transport
    public var pattern: Pattern
    public var sizeBytes: Int
    public var options: SocketOptions
    public var warmupNanoseconds: UInt64
    public var extent: Extent
    /// Check every received byte against the pattern the sender wrote.
    public var verify: Bool
    /// Pin this worker to one CPU (sched_setaffinity); nil leaves placement to the scheduler.
    public var cpu: Int?
    /// Private 0700 directory for unix socket files.
    public var socketDirectory: String
    public var pairIndex: Int
    /// Give up when the peer is silent this long (a hung or stopped peer must not hang the run).
    public var idleTimeoutNanoseconds: UInt64
    /// The loop implementation.
    public var engine: Engine
    /// Datagram streams: messages per sendmmsg/recvmmsg call; 1 is one send/recv per message.
    public var batch: Int = 1
    /// Ping-pong and rr: bytes of each reply; nil replies with `sizeBytes` (a plain echo).
    public var replySizeBytes: Int? = nil

    /// Bytes the ping-pong server sends back per request.
    public var replyBytes: Int { replySizeBytes ?? sizeBytes }
    /// send() calls per request (the client's message): 1 whole, 2 a header then the body (the
    /// Nagle trap). Byte streams only.
    public var writes: Int = 1
    /// send() calls per reply (the server's answer in pingpong, rr and connect), as `writes`.
    public var replyWrites: Int = 1
    /// How a split message's two pieces reach the kernel (`--split-write`): two sends, MSG_MORE,
    /// TCP_CORK around them, or one writev.
    public var splitStyle: SplitStyle = .plain
    /// TCP_QUICKACK re-armed after every receive (`--quickack on`): the receiver's side of the
    /// Nagle trap, its delayed ACK, switched off.
    public var quickAck = false
    /// SO_BUSY_POLL in µs on the sockets that receive (`--busy-poll-us`); nil leaves it alone.
    public var busyPollMicroseconds: Int? = nil
    /// Stream sender: SO_ZEROCOPY and send(MSG_ZEROCOPY), completions reaped from the error queue.
    public var zeroCopy = false
    /// SO_KEEPALIVE with these timers on TCP sockets (`--keepalive on`); nil is off.
    public var keepAlive: KeepAlive? = nil
    /// `.timeout` mode: SO_RCVTIMEO/SO_SNDTIMEO on the data socket (`--timeout`).
    public var socketTimeoutNanoseconds: UInt64 = 1_000_000_000
    /// `--connections`: 0 is one connection per pair; a server serves this many connections with one
    /// epoll loop, a client opens this many (its share) and drives them all at once.
    public var connections: Int = 0
    /// `--threads`: threads of this worker process, each with its own epoll loop and its share of
    /// the connections (`--connections` cells only); 1 is the loop on one thread.
    public var threads: Int = 1
    /// `--threads` with `--cpu`: the core of each thread (index = thread); nil leaves them to the scheduler.
    public var threadCores: [Int]? = nil
    /// Paced stream or rr: messages per second the sender offers; nil is an unpaced stream.
    public var ratePerSecond: Int? = nil
    /// Paced stream or rr (`--burst`): messages sent back to back at each burst's slot; 1 is evenly spaced.
    public var burst: Int = 1
    /// `--size-dist`: each message's size drawn from this (both sides build the same `SizeTable`);
    /// `sizeBytes` is then its largest size. nil sends every message at `sizeBytes`.
    public var sizeDistribution: SizeDistribution? = nil
    /// Servers: the address to bind (`--server-address`, a name or numeric address resolved by the
    /// server itself); nil binds loopback, as for a run on one host.
    public var bindAddress: String? = nil
    /// Servers: the port to bind (`--server-port`, plus the pair index); 0 lets the kernel pick.
    public var port: UInt16 = 0
    /// Clients: how long a TCP connect may wait for an answer (`--connect-timeout`).
    public var connectTimeoutNanoseconds: UInt64 = 5_000_000_000

    public init(
        role: Role, transport: Transport, pattern: Pattern, sizeBytes: Int, options: SocketOptions,
        warmupNanoseconds: UInt64, extent: Extent, verify: Bool, cpu: Int? = nil,
        socketDirectory: String, pairIndex: Int = 0, idleTimeoutNanoseconds: UInt64 = 5_000_000_000,
        engine: Engine = .swift
    ) {
        self.role = role
        self.transport = transport
        self.pattern = pattern
        self.sizeBytes = sizeBytes
        self.options = options
        self.warmupNanoseconds = warmupNanoseconds
        self.extent = extent
        self.verify = verify
        self.cpu = cpu
        self.socketDirectory = socketDirectory
        self.pairIndex = pairIndex
        self.idleTimeoutNanoseconds = idleTimeoutNanoseconds
        self.engine = engine
    }

    /// Datagram streams carry an 8-byte sequence number so the receiver can count loss.
    public static let sequenceHeaderBytes = 8
    /// The largest message any worker will allocate for (bounded before memory is allocated).
    public static let maximumSizeBytes = 64 << 20
}

/// Sequence-number accounting of a datagram stream receiver.
public struct SequenceReport: Codable, Sendable, Hashable {
    /// Sequence number of the first measured message (the first after the receiver's warmup).
    public var firstSequence: UInt64 = 0
    public var highestSequence: UInt64 = 0
    /// Distinct measured messages received.
    public var uniqueReceived: Int = 0
    public var reordered: Int = 0
    public var duplicated: Int = 0
    public init() {}
}

/// What a worker measured, sent back in its `result` message.
public struct WorkerResult: Codable, Sendable {
    public var role: Role
    /// Messages in the measured interval: round trips for a ping-pong client, messages sent for a
    /// stream client, messages received for a stream server.
    public var messages: Int
    public var elapsedNanoseconds: UInt64
    /// Round-trip times in nanoseconds (ping-pong client only).
    public var histogram: Histogram<UInt64>?
    /// Round trips too long for the histogram's range (over 60 s); counted, never dropped silently.
    public var outOfRangeSamples: Int
    /// Datagram stream receivers only.
    public var sequence: SequenceReport?
    /// Stream senders on datagram transports: the last sequence number sent.
    public var lastSequenceSent: UInt64?
    public var verifyErrors: Int
    public var cpu: CPUUsage
    public var effectiveBuffers: EffectiveBuffers
    public var noDelayEffective: Bool?
    /// Connect pattern client: connect() times in nanoseconds (the histogram holds whole transactions).
    public var connectHistogram: Histogram<UInt64>?
    /// `--connections` client: round trips measured on each of its connections (for fairness).
    public var connectionCounts: [Int]?
    /// Paced stream receivers: receive time − intended send time (ns), free of coordinated omission.
    public var oneWay: Histogram<UInt64>?
    /// Paced stream receivers: receive time − actual send time (ns); rr clients: round trips
    /// timed from the actual send time.
    public var oneWayActual: Histogram<UInt64>?
    /// Paced stream receivers and rr clients: latency from the intended send time (one-way or round
    /// trip, ns) in each of `WindowedCounts.count` equal windows of the measured interval, by actual
    /// send time (a count extent puts everything into the first).
    public var intendedWindows: [Histogram<UInt64>]?
    /// `--connections` datagram clients: requests whose echo had not come one idle timeout after
    /// the run's end (a datagram dropped either way).
    public var lostRoundTrips: Int?
    /// `--threads`: what each thread of this worker did, in thread order.
    public var threadTallies: [ThreadTally]?
    /// What the kernel granted of the socket options that are axes (`--busy-poll-us`, `--zerocopy`, `--keepalive`).
    public var knobs = KnobReport()
    /// `--size-dist`: bytes of the messages measured (ping-pong clients: requests and replies;
    /// stream receivers: what arrived), since no one size times the count gives them; nil where
    /// every message has the cell's size.
    public var payloadBytes: Int? = nil

    public init(role: Role, effectiveBuffers: EffectiveBuffers) {
        self.role = role
        self.messages = 0
        self.elapsedNanoseconds = 0
        self.histogram = nil
        self.outOfRangeSamples = 0
        self.sequence = nil
        self.lastSequenceSent = nil
        self.verifyErrors = 0
        self.cpu = CPUUsage()
        self.effectiveBuffers = effectiveBuffers
        self.noDelayEffective = nil
    }
}

extension Histogram where Count == UInt64 {
    /// Round-trip histogram: 1 ns to 60 s at 3 significant digits (0.1% resolution).
    public static func roundTrip() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
    }
}

/// One thread of a `--threads` worker: the messages it handled, over how long, its CPU time and core.
public struct ThreadTally: Codable, Sendable, Hashable {
    /// Clients: round trips measured; servers: requests echoed.
    public var messages: Int
    /// Clients: the measured window; servers: from the first echo to the last connection's end.
    public var elapsedNanoseconds: UInt64
    public var cpu: CPUUsage
    /// The core the thread was pinned to; nil when the scheduler placed it.
    public var core: Int?

    public init(messages: Int, elapsedNanoseconds: UInt64, cpu: CPUUsage, core: Int?) {
        self.messages = messages
        self.elapsedNanoseconds = elapsedNanoseconds
        self.cpu = cpu
        self.core = core
    }

    /// Messages per second over the thread's own interval; 0 when it measured nothing.
    public var perSecond: Double {
        elapsedNanoseconds > 0 ? Double(messages) / (Double(elapsedNanoseconds) / 1e9) : 0
    }
}

/// What the kernel granted of a worker's socket-option axes; nil where the option was not asked for.
public struct KnobReport: Codable, Sendable, Hashable {
    /// SO_BUSY_POLL as read back after setting it (µs), or the errno name of the kernel's refusal.
    public var busyPollEffectiveMicroseconds: Int?
    public var busyPollRefusal: String?
    /// Zero-copy sender: sends whose completion arrived, and how many of them the kernel copied anyway.
    public var zeroCopyCompletions: Int?
    public var zeroCopyCopied: Int?
    /// The keepalive timers the data socket held after they were set.
    public var keepAliveEffective: KeepAlive?

    public init() {}
}

extension WorkerJob {
    /// The core thread `thread` pins itself to (`threadCores`), or nil when the scheduler places it.
    func threadCore(_ thread: Int) -> Int? {
        threadCores.flatMap { thread < $0.count ? $0[thread] : nil }
    }
}

import SockBenchCore
import SockBenchModel

/// The axes of a matrix as the user typed them (nil: not given): run's, check's and calibrate's
/// axis options, parsed and applied over a preset's, a spec's or the defaults' axes.
public struct MatrixChoices: Sendable {
    public var transport, pattern, size, sndbuf, rcvbuf, nodelay, mode, cpu: String?
    public var pairs, batch, replySize, writes, replyWrites, splitWrite, quickack, connections, rate, threads, burst: String?
    public var busyPollUs, zerocopy, keepalive, keepaliveIdle, keepaliveInterval, keepaliveCount: String?
    /// `--size-dist`, once per distribution (each holds commas of its own); nil when not given.
    public var sizeDist: [String]?

    public init(
        transport: String? = nil, pattern: String? = nil, size: String? = nil, sndbuf: String? = nil, rcvbuf: String? = nil,
        nodelay: String? = nil, mode: String? = nil, cpu: String? = nil, pairs: String? = nil, batch: String? = nil,
        replySize: String? = nil, writes: String? = nil, replyWrites: String? = nil, splitWrite: String? = nil, quickack: String? = nil,
        connections: String? = nil, rate: String? = nil, threads: String? = nil, burst: String? = nil, busyPollUs: String? = nil, zerocopy: String? = nil,
        keepalive: String? = nil, keepaliveIdle: String? = nil, keepaliveInterval: String? = nil, keepaliveCount: String? = nil,
        sizeDist: [String]? = nil
    ) {
        (self.transport, self.pattern, self.size, self.sndbuf, self.rcvbuf) = (transport, pattern, size, sndbuf, rcvbuf)
        (self.nodelay, self.mode, self.cpu, self.pairs, self.batch) = (nodelay, mode, cpu, pairs, batch)
        (self.replySize, self.writes, self.replyWrites, self.splitWrite, self.quickack) = (replySize, writes, replyWrites, splitWrite, quickack)
        (self.connections, self.rate, self.threads, self.burst) = (connections, rate, threads, burst)
        (self.busyPollUs, self.zerocopy, self.keepalive) = (busyPollUs, zerocopy, keepalive)
        (self.keepaliveIdle, self.keepaliveInterval, self.keepaliveCount) = (keepaliveIdle, keepaliveInterval, keepaliveCount)
        self.sizeDist = sizeDist
    }

    /// Applies the options given over `base`; a bad value throws an `AxisError` naming its option.
    public func axes(over base: MatrixAxes) throws -> MatrixAxes {
        var axes = base
        if let transport { axes.transports = try AxisParsing.transports(transport) }
        if let pattern { axes.patterns = try AxisParsing.patterns(pattern) }
        // Both set the message sizes: refused together, and either replaces what a preset or spec gave.
        if size != nil, sizeDist != nil {
            throw AxisError("--size and --size-dist both set the message sizes; give one (a fixed size is a --size-dist of one size, such as --size-dist 2K)")
        }
        if let size {
            axes.sizes = try AxisParsing.sizes(size)
            axes.sizeDistributions = nil
        }
        if let sizeDist { axes.sizeDistributions = try AxisParsing.sizeDistributions(sizeDist) }
        if let sndbuf { axes.sendBuffers = try AxisParsing.buffers(sndbuf, option: "--sndbuf") }
        if let rcvbuf { axes.receiveBuffers = try AxisParsing.buffers(rcvbuf, option: "--rcvbuf") }
        if let nodelay { axes.noDelay = try AxisParsing.noDelay(nodelay) }
        if let mode { axes.modes = try AxisParsing.modes(mode) }
        if let cpu { axes.cpus = try AxisParsing.cpus(cpu) }
        if let pairs { axes.pairs = try AxisParsing.pairs(pairs) }
        if let batch { axes.batches = try AxisParsing.batches(batch) }
        if let replySize { axes.replySizes = try AxisParsing.sizes(replySize, option: "--reply-size") }
        if let writes { axes.writes = try AxisParsing.writes(writes) }
        if let replyWrites { axes.replyWrites = try AxisParsing.writes(replyWrites, option: "--reply-writes") }
        if let splitWrite { axes.splitWrites = try AxisParsing.splitWrites(splitWrite) }
        if let quickack { axes.quickAck = try AxisParsing.quickAck(quickack) }
        if let connections { axes.connections = try AxisParsing.connections(connections) }
        if let rate { axes.rates = try AxisParsing.rates(rate) }
        if let threads { axes.threads = try AxisParsing.threads(threads) }
        if let burst { axes.bursts = try AxisParsing.bursts(burst) }
        if let busyPollUs { axes.busyPoll = try AxisParsing.busyPoll(busyPollUs) }
        if let zerocopy { axes.zeroCopy = try AxisParsing.onOff(zerocopy, option: "--zerocopy") }
        if let keepalive { axes.keepAlive = try AxisParsing.onOff(keepalive, option: "--keepalive") }
        if let timers = try AxisParsing.keepAliveTimers(idle: keepaliveIdle, interval: keepaliveInterval, count: keepaliveCount, keepAlive: axes.keepAlive) {
            axes.keepAliveTimers = timers
        }
        try AxisParsing.checkRates(&axes, rateGiven: rate != nil, patternGiven: pattern != nil)
        if let reason = Matrix.unsupportedAxes(axes) { throw AxisError(reason) }
        return axes
    }

    /// The axis options given, such as ["--size"], in the order of --help.
    public var given: [String] {
        let options: [(String, String?)] = [
            ("--transport", transport), ("--pattern", pattern), ("--size", size), ("--size-dist", sizeDist?.joined(separator: " ")),
            ("--sndbuf", sndbuf), ("--rcvbuf", rcvbuf),
            ("--nodelay", nodelay), ("--mode", mode), ("--cpu", cpu), ("--pairs", pairs), ("--batch", batch),
            ("--reply-size", replySize), ("--writes", writes), ("--reply-writes", replyWrites),
            ("--split-write", splitWrite), ("--quickack", quickack), ("--connections", connections), ("--threads", threads), ("--rate", rate), ("--burst", burst),
            ("--busy-poll-us", busyPollUs), ("--zerocopy", zerocopy), ("--keepalive", keepalive), ("--keepalive-idle", keepaliveIdle),
            ("--keepalive-interval", keepaliveInterval), ("--keepalive-count", keepaliveCount),
        ]
        return options.filter { $0.1 != nil }.map(\.0)
    }
}

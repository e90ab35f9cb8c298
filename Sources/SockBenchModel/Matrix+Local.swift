import SockBenchCore

/// The rule-table rows of the two transports that are not sockets: `pipe` (two pipes) and `shm` (a
/// shared-memory ring). Each returns why a combination cannot be measured, or nil when it can; the
/// matrix skips such cells with the reason and a worker refuses such a job.
extension Matrix {
    /// Patterns: both measure pingpong and stream; rr's client takes replies between its slots with
    /// recv(MSG_DONTWAIT) on a socket, and connect needs connections.
    static func unsupportedLocal(_ transport: Transport, _ pattern: Pattern) -> String? {
        guard !transport.isSocket, pattern == .rr else { return nil }
        return "rr is measured on sockets only (its client takes replies between slots with recv(MSG_DONTWAIT)); measure \(transport.rawValue) with pingpong or stream"
    }

    /// Modes: a pipe waits like a socket, except that it has no SO_RCVTIMEO; a shm ring has no
    /// descriptor, so it either spins on the ring (busy-poll) or sleeps on a futex (blocking).
    static func unsupportedLocal(_ transport: Transport, mode: IOMode) -> String? {
        switch (transport, mode) {
        case (.pipe, .timeout):
            return "--mode timeout sets SO_RCVTIMEO/SO_SNDTIMEO, which pipes do not have"
        case (.shm, .epoll), (.shm, .epollET):
            return "nothing to poll: a shared-memory ring has no descriptor (shm waits with --mode busy-poll or blocking)"
        case (.shm, .nonblocking):
            return "a shared-memory ring makes no calls that could fail with EAGAIN, so there is nothing to poll(2); shm waits with --mode busy-poll or blocking"
        case (.shm, .ioUring), (.shm, .ioUringSQPoll):
            return "a shared-memory ring has no descriptor for io_uring to read or write (shm waits with --mode busy-poll or blocking)"
        case (.shm, .timeout):
            return "--mode timeout sets socket options; shm's blocking mode already gives up after the idle timeout"
        default:
            return nil
        }
    }

    /// Where the two workers run: two spinning workers on one core take turns a time slice each, so
    /// a busy-poll ring on one core measures the scheduler, not the ring.
    public static func unsupported(_ transport: Transport, mode: IOMode, cpu: CPUPlacement) -> String? {
        guard transport == .shm, mode == .busyPoll else { return nil }
        let oneCore: Bool
        switch cpu {
        case .same: oneCore = true
        case .explicit(let client, let server): oneCore = client == server
        case .none, .split: oneCore = false
        }
        guard oneCore else { return nil }
        return "shm busy-poll with both workers on one core: each side would spin away the other's time slice; use --cpu split or --mode blocking"
    }

    /// Buffers: a pipe and a ring have one buffer between the ends, sized by `--sndbuf` (F_SETPIPE_SZ,
    /// the ring's bytes); a ring holds whole messages, so it must fit the largest one.
    public static func unsupportedLocal(_ transport: Transport, messageBytes: Int, sendBuffer: Int?, receiveBuffer: Int?) -> String? {
        guard !transport.isSocket else { return nil }
        if receiveBuffer != nil {
            return "\(transport.rawValue) has one buffer between the ends, sized by --sndbuf; --rcvbuf does not apply"
        }
        if transport == .shm, !SharedRing.fits(requested: sendBuffer, messageBytes: messageBytes) {
            return ringRange(sendBuffer: sendBuffer ?? 0, messageBytes: messageBytes)
        }
        return nil
    }

    /// Why `--sndbuf` of `sendBuffer` cannot be a ring for messages of `messageBytes`, with the accepted range.
    static func ringRange(sendBuffer: Int, messageBytes: Int) -> String {
        let smallest = SharedRing.powerOfTwo(atLeast: max(messageBytes, SharedRing.minimumRingBytes))
        return "--sndbuf \(Quantities.formatBytes(sendBuffer)): a shm ring holds whole messages, so for \(Quantities.formatBytes(messageBytes)) messages it takes --sndbuf \(Quantities.formatBytes(smallest))...\(Quantities.formatBytes(SharedRing.maximumRingBytes))"
    }

    /// Axes that cannot work for shm whatever else is chosen: a `--sndbuf` too small for a `--size`
    /// (or `--reply-size`, or a `--size-dist` of one size). Refused before anything runs (exit 64),
    /// naming the accepted range; shm skips drawn sizes anyway.
    static func unsupportedRingAxes(_ axes: MatrixAxes) -> String? {
        guard axes.transports.contains(.shm) else { return nil }
        let fixed = axes.messageSizes.filter { $0.drawn == nil }.map(\.bytes)
        let largest = (fixed + (axes.replySizes ?? [])).max() ?? 0
        for case let sendBuffer? in axes.sendBuffers where !SharedRing.fits(requested: sendBuffer, messageBytes: largest) {
            return ringRange(sendBuffer: sendBuffer, messageBytes: largest)
        }
        return nil
    }

    /// Paced streams: a pipe runs the paced loops through its channel; the ring has no paced loop.
    public static func unsupportedPacing(_ transport: Transport, ratePerSecond: Int?) -> String? {
        guard transport == .shm, ratePerSecond != nil else { return nil }
        return "shm has no paced loop: measure it unpaced (--rate max) or use pipe"
    }
}

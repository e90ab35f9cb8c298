import SockBenchCore

/// `--size-dist`: the rule-table rows of traffic shapes in size. Drawn sizes have loops of their own
/// for pingpong and the unpaced stream, and the paced stream draws them itself, on every socket
/// transport and pipe. Everything else is skipped with its reason, never refused: a matrix that
/// lists rr or shm beside them still measures what it can. A cell's `sizeBytes` is the largest
/// size, so the datagram limits, SO_SNDBUF and buffer rules apply to it as to a fixed size; rules
/// about the smallest message (a header it must carry) are checked against the smallest: here for
/// a datagram stream's sequence number, in `applyRates` (`Cell.smallestBytes`) for the paced header.
extension Matrix {
    /// Why messages drawn from `sizes` cannot be measured on this transport and pattern, or nil
    /// when they can. The matrix skips such cells and a worker refuses such a job.
    public static func unsupported(_ transport: Transport, _ pattern: Pattern, drawn sizes: SizeDistribution) -> String? {
        if transport == .shm { return "a shm ring's loops send one fixed size: --size-dist applies to the sockets and pipe" }
        switch pattern {
        case .connect:
            return "--size-dist applies to pingpong and stream (with --rate or without), not to connect (one fixed request per connection)"
        case .rr:
            return "--size-dist applies to pingpong and stream (with --rate or without), not to rr (its client takes replies of one size between slots)"
        case .pingpong, .stream:
            break
        }
        // Every message must carry what the pattern's messages carry (a datagram stream's sequence number).
        if let reason = unsupported(transport, pattern, sizeBytes: sizes.smallest) {
            return "its smallest size, \(Quantities.formatBytes(sizes.smallest)), is too small: \(reason)"
        }
        return nil
    }

    /// The first of a cell's other shapes that drawn sizes cannot go with: the setting as a skip line
    /// spells it (`reply=2KiB`) and why; nil when there is none. `replySizeBytes`: a `--reply-size`
    /// given for a pingpong cell (drawn sizes echo the request, so there is no other reply size).
    public static func drawnSizesConflict(
        replySizeBytes: Int?, writes: Int, replyWrites: Int, batch: Int, connections: Int?, engine: Engine?
    ) -> (setting: String, reason: String)? {
        if let connections {
            return ("connections=\(connections)", "--connections runs one epoll loop of fixed-size messages over every connection; --size-dist applies to pairs")
        }
        if let reply = replySizeBytes {
            return ("reply=\(Quantities.formatBytes(reply))", "with --size-dist the reply is the request's drawn size; --reply-size applies to fixed sizes")
        }
        if writes > 1 || replyWrites > 1 {
            return (writes > 1 ? "writes=\(writes)" : "reply-writes=\(replyWrites)", "--size-dist sends each message whole; --writes 2 and --reply-writes 2 apply to fixed sizes")
        }
        if batch > 1 {
            return ("batch=\(batch)", "--batch sends fixed-size datagrams with sendmmsg/recvmmsg; --size-dist sends one message per call")
        }
        if engine == .c {
            return ("engine=c", "the C reference loops send one fixed size; there is no C twin of the --size-dist loops")
        }
        return nil
    }
}

extension MatrixAxes {
    /// The message sizes the matrix expands: each of `sizeDistributions` when given (its largest
    /// size as the cell's `sizeBytes`; one that has a single size is that fixed size, drawn nil),
    /// else each of `sizes`.
    public var messageSizes: [(bytes: Int, drawn: SizeDistribution?)] {
        guard let sizeDistributions else { return sizes.map { ($0, nil) } }
        return sizeDistributions.map { ($0.largest, $0.fixedBytes == nil ? $0 : nil) }
    }
}

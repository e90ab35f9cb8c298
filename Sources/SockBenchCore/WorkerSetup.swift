import CSockBenchLoops
import Glibc
import Histogram

/// A worker's socket after setup, before the run: bound (and listening) for a server, bound and
/// connected for a client.
public struct PreparedEnd: ~Copyable {
    fileprivate var socket: Socket
    /// Where the peer reaches this end.
    public let endpoint: Endpoint
    fileprivate let job: WorkerJob
}

/// Builds the sockets of a pair and runs the pattern's loop on them.
public enum WorkerSetup {
    /// Server: creates the socket, applies options, binds (port 0 or a path in the private
    /// directory) and listens. The kernel's port is in the returned endpoint.
    public static func prepareServer(_ job: WorkerJob) throws(SyscallError) -> PreparedEnd {
        var socket = try Socket(transport: job.transport)
        try socket.apply(job.options)
        try socket.bind(try localEndpoint(job, name: "s"))
        if job.transport.isConnectionOriented { try socket.listen() }
        let endpoint = try socket.localEndpoint()
        return PreparedEnd(socket: socket, endpoint: endpoint, job: job)
    }

    /// Client: creates the socket, applies options, and connects to the server. Datagram clients
    /// bind first so the server can send echoes back to them.
    public static func prepareClient(_ job: WorkerJob, server: Endpoint) throws(SyscallError) -> PreparedEnd {
        var socket = try Socket(transport: job.transport)
        try socket.apply(job.options)
        if job.transport.isDatagram { try socket.bind(try localEndpoint(job, name: "c")) }
        try socket.connect(server)
        let endpoint = job.transport.isDatagram ? try socket.localEndpoint() : server
        return PreparedEnd(socket: socket, endpoint: endpoint, job: job)
    }

    /// Completes the connection (server: accept, or connect back to a datagram client at `peer`),
    /// allocates the buffers, and runs the loop. Returns what the loop measured.
    public static func run(_ end: consuming PreparedEnd, peer: Endpoint?) throws(SyscallError) -> WorkerResult {
        let job = end.job
        let data: Socket
        if job.role == .server && job.transport.isConnectionOriented {
            data = try end.socket.accept(timeoutNanoseconds: job.idleTimeoutNanoseconds)
        } else {
            if job.role == .server, job.transport.isDatagram, let peer { try end.socket.connect(peer) }
            data = end.socket
        }
        var result = WorkerResult(role: job.role, effectiveBuffers: try data.effectiveBuffers())
        if job.transport.isTCP { result.noDelayEffective = try data.noDelay() }
        var channel = try Channel(socket: data, mode: job.options.mode, idleTimeoutNanoseconds: job.idleTimeoutNanoseconds)

        let capacity = max(job.sizeBytes, WorkerJob.sequenceHeaderBytes)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        let echo = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        echo.initializeMemory(as: UInt8.self, repeating: 0)
        defer {
            buffer.deallocate()
            echo.deallocate()
        }
        if job.engine == .c {
            try ReferenceLoops.run(&channel, job: job, buffer: buffer, echo: echo, result: &result)
            return result
        }
        switch (job.pattern, job.role) {
        case (.pingpong, .client): try PingPong.runClient(&channel, job: job, buffer: buffer, echo: echo, result: &result)
        case (.pingpong, .server): try PingPong.runServer(&channel, job: job, buffer: buffer, result: &result)
        case (.stream, .client) where job.batch > 1: try BatchStream.runSender(&channel, job: job, result: &result)
        case (.stream, .server) where job.batch > 1: try BatchStream.runReceiver(&channel, job: job, result: &result)
        case (.stream, .client): try Stream.runSender(&channel, job: job, buffer: buffer, result: &result)
        case (.stream, .server): try Stream.runReceiver(&channel, job: job, buffer: buffer, result: &result)
        }
        return result
    }

    private static func localEndpoint(_ job: WorkerJob, name: String) throws(SyscallError) -> Endpoint {
        guard job.transport.isUnix else { return .loopback(for: job.transport) }
        let path = "\(job.socketDirectory)/\(name)\(job.pairIndex).sock"
        // The directory is private to this run; a file here can only be left by a crashed worker.
        _ = unlink(path)
        return .unix(path: path)
    }
}

/// Runs the plain-C reference loops (CSockBenchLoops) in place of PingPong/Stream, on the same
/// channel and buffers, and fills the same `WorkerResult` fields. Used by `sockbench calibrate`.
enum ReferenceLoops {
    static func run(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer,
        echo: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        if job.verify || job.pauseNanosecondsPerMessage > 0 {
            throw SyscallError(call: "worker", errno: Errno(rawValue: EINVAL), detail: "the C reference loops neither verify nor pause")
        }
        var loop = csbl_loop()
        loop.fd = channel.fd
        switch job.options.mode {
        case .blocking: loop.mode = Int32(CSBL_BLOCKING)
        case .nonblocking: loop.mode = Int32(CSBL_NONBLOCKING)
        case .epoll: loop.mode = Int32(CSBL_EPOLL)
        case .busyPoll: loop.mode = Int32(CSBL_BUSY_POLL)
        }
        loop.epoll_fd = channel.epollDescriptor
        loop.byte_stream = job.transport.isByteStream ? 1 : 0
        loop.datagram = job.transport.isDatagram ? 1 : 0
        loop.size = job.sizeBytes
        loop.warmup_ns = job.warmupNanoseconds
        switch job.extent {
        case .duration(let nanoseconds): loop.duration_ns = nanoseconds
        case .count(let count): loop.count = Int64(count)
        }
        loop.idle_timeout_ns = job.idleTimeoutNanoseconds
        loop.idle_timeout_ms = Int32(clamping: max(1, job.idleTimeoutNanoseconds / 1_000_000))
        loop.buffer = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        loop.echo = echo.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let counts = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: Int(CSBL_HISTOGRAM_LENGTH))
        let seen = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 1024)
        counts.initialize(repeating: 0)
        seen.initialize(repeating: 0)
        defer {
            counts.deallocate()
            seen.deallocate()
        }
        loop.counts = counts.baseAddress
        loop.seen = seen.baseAddress

        let cpuStart: CPUUsage
        switch (job.pattern, job.role) {
        case (.pingpong, .client):
            try check(csbl_pingpong_client_warmup(&loop), loop)
            cpuStart = CPUUsage.current()
            try check(csbl_pingpong_client_measure(&loop), loop)
        case (.pingpong, .server):
            cpuStart = CPUUsage.current()
            try check(csbl_echo_server(&loop), loop)
        case (.stream, .client):
            try check(csbl_stream_sender_warmup(&loop), loop)
            cpuStart = CPUUsage.current()
            try check(csbl_stream_sender_measure(&loop), loop)
        case (.stream, .server):
            try check(csbl_stream_receiver_warmup(&loop), loop)
            cpuStart = CPUUsage.current()
            try check(csbl_stream_receiver_measure(&loop), loop)
        }
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = loop.elapsed_ns
        result.messages = Int(loop.messages)
        switch (job.pattern, job.role) {
        case (.pingpong, .client):
            result.bytes = result.messages &* job.sizeBytes &* 2
            result.histogram = histogram(counts, loop)
            result.outOfRangeSamples = Int(loop.out_of_range)
            try Ending.send(&channel)
        case (.stream, .client):
            result.bytes = result.messages &* job.sizeBytes
            if job.transport.isDatagram { result.lastSequenceSent = loop.sequence &- 1 }
            try Ending.send(&channel)
        case (.stream, .server) where job.transport.isDatagram:
            var report = SequenceReport()
            report.firstSequence = loop.first_sequence
            report.highestSequence = loop.highest_sequence
            // The boundary message opened the window; count only what came after it.
            report.uniqueReceived = Int(loop.unique_received) - 1
            report.reordered = Int(loop.reordered)
            report.duplicated = Int(loop.duplicated)
            result.sequence = report
            result.messages = report.uniqueReceived
            result.bytes = result.messages &* job.sizeBytes
        default:
            result.bytes = result.messages &* job.sizeBytes
        }
    }

    private static func check(_ status: Int32, _ loop: csbl_loop) throws(SyscallError) {
        guard status != 0 else { return }
        let call = loop.failed_call.map { String(cString: $0) } ?? "loop"
        throw SyscallError(call: call, errno: Errno(rawValue: loop.failed_errno), detail: loop.failed_reason.map { String(cString: $0) })
    }

    /// The C loop's counters (the layout of `RoundTripCounts`) as a round-trip histogram.
    private static func histogram(_ counts: UnsafeMutableBufferPointer<UInt64>, _ loop: csbl_loop) -> Histogram<UInt64> {
        RoundTripCounts.histogram(counts: UnsafeBufferPointer(counts), minimum: loop.min_ns == 0 ? .max : loop.min_ns, maximum: loop.max_ns)
    }
}

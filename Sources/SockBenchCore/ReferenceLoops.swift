import CSockBenchLoops
import Glibc
import Histogram

/// Runs the plain-C reference loops (CSockBenchLoops) in place of PingPong/Stream, on the same
/// channel and buffers, and fills the same `WorkerResult` fields. Used by `sockbench calibrate`.
/// The connection patterns (connect, `--connections`) are in ReferenceLoops+Connections.swift.
enum ReferenceLoops {
    /// What every C loop is told about the job: sizes, warmup, extent, timeouts and the buffers.
    static func settings(_ job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, echo: UnsafeMutableRawBufferPointer) -> csbl_loop {
        var loop = csbl_loop()
        loop.byte_stream = job.transport.isByteStream ? 1 : 0
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
        return loop
    }

    static func run(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer,
        echo: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        if job.verify || job.batch > 1 || job.writes > 1 {
            throw SyscallError(call: "worker", errno: Errno(rawValue: EINVAL), detail: "the C reference loops neither verify, batch nor split writes")
        }
        var loop = settings(job, buffer: buffer, echo: echo)
        loop.fd = channel.fd
        switch job.options.mode {
        case .blocking, .timeout: loop.mode = Int32(CSBL_BLOCKING)
        case .nonblocking: loop.mode = Int32(CSBL_NONBLOCKING)
        case .epoll: loop.mode = Int32(CSBL_EPOLL)
        case .busyPoll: loop.mode = Int32(CSBL_BUSY_POLL)
        }
        loop.epoll_fd = channel.epollDescriptor
        loop.datagram = job.transport.isDatagram ? 1 : 0
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
        case (.connect, _):
            throw SyscallError(call: "loop", errno: Errno(rawValue: EINVAL), detail: "the connect pattern's C loops run from the listener (runConnections), not a channel")
        case (.rr, _):
            throw SyscallError(call: "loop", errno: Errno(rawValue: EINVAL), detail: "the C reference loops have no paced pattern")
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

    static func check(_ status: Int32, _ loop: csbl_loop) throws(SyscallError) {
        guard status != 0 else { return }
        let call = loop.failed_call.map { String(cString: $0) } ?? "loop"
        throw SyscallError(call: call, errno: Errno(rawValue: loop.failed_errno), detail: loop.failed_reason.map { String(cString: $0) })
    }

    /// The C loop's counters (the layout of `RoundTripCounts`) as a round-trip histogram.
    private static func histogram(_ counts: UnsafeMutableBufferPointer<UInt64>, _ loop: csbl_loop) -> Histogram<UInt64> {
        RoundTripCounts.histogram(counts: UnsafeBufferPointer(counts), minimum: loop.min_ns == 0 ? .max : loop.min_ns, maximum: loop.max_ns)
    }
}

import CSockBenchLoops
import Glibc
import Histogram

/// Runs the plain-C reference loops (CSockBenchLoops) in place of PingPong, Stream, PacedStream and
/// OpenLoopRR, on the same channel and buffers, and fills the same `WorkerResult` fields. Used by
/// `sockbench calibrate` and the controls of `run --controls`. The connection patterns (connect,
/// `--connections`) are in ReferenceLoops+Connections.swift.
enum ReferenceLoops {
    /// What every C loop is told about the job: sizes, warmup, extent, timeouts and the buffers.
    static func settings(_ job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, echo: UnsafeMutableRawBufferPointer) throws(SyscallError) -> csbl_loop {
        if job.verify || job.batch > 1 || job.writes > 1 || job.replyWrites > 1 {
            throw SyscallError(call: "worker", errno: Errno(rawValue: EINVAL), detail: "the C reference loops neither verify, batch nor split writes")
        }
        var loop = csbl_loop()
        switch job.options.mode {
        case .blocking, .timeout: loop.mode = Int32(CSBL_BLOCKING)
        case .nonblocking: loop.mode = Int32(CSBL_NONBLOCKING)
        case .epoll: loop.mode = Int32(CSBL_EPOLL)
        case .epollET: loop.mode = Int32(CSBL_EPOLL_ET)
        case .busyPoll: loop.mode = Int32(CSBL_BUSY_POLL)
        case .ioUring, .ioUringSQPoll: loop.mode = Int32(CSBL_IO_URING)  // the ring, set by `run`, holds SQPOLL or not
        }
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
        var loop = try settings(job, buffer: buffer, echo: echo)
        loop.fd = channel.fd
        loop.epoll_fd = channel.epollDescriptor
        loop.uring = channel.ringHandle
        if channel.transport == .pipe {
            loop.pipe = 1
            loop.write_fd = channel.writeDescriptor
            loop.epoll_out_fd = channel.epollOutputDescriptor
        }
        try run(&loop, job: job, result: &result) { () throws(SyscallError) in try Ending.send(&channel) }
    }

    /// The shm transport: the same C loops, whose send and receive go to the ring (CSockBenchLoops/ring.h).
    static func run(
        _ ring: inout SharedRing, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer,
        echo: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        var loop = try settings(job, buffer: buffer, echo: echo)
        loop.fd = -1
        loop.epoll_fd = -1
        ring.describe(to: &loop)
        try run(&loop, job: job, result: &result) { () throws(SyscallError) in try ring.closeOutput() }
    }

    /// Runs the pattern's C loop with `loop` set up, fills `result`, and ends the run with `end`
    /// (shutdown, zero-length datagrams or the ring's close) where the Swift loop ends it.
    private static func run(
        _ loop: inout csbl_loop, job: WorkerJob, result: inout WorkerResult, end: () throws(SyscallError) -> Void
    ) throws(SyscallError) {
        loop.datagram = job.transport.isDatagram ? 1 : 0
        let counts: UnsafeMutableBufferPointer<UInt64> = zeroed(Int(CSBL_HISTOGRAM_LENGTH))
        let seen: UnsafeMutableBufferPointer<UInt64> = zeroed(1024)
        defer {
            counts.deallocate()
            seen.deallocate()
        }
        loop.counts = counts.baseAddress
        loop.seen = seen.baseAddress
        // Paced stream and rr: the schedule's rate and the counters of times from the actual send time.
        let paced = job.ratePerSecond != nil
        loop.rate = UInt64(max(1, job.ratePerSecond ?? 1))
        let actualCounts: UnsafeMutableBufferPointer<UInt64> = zeroed(paced ? Int(CSBL_HISTOGRAM_LENGTH) : 0)
        defer { actualCounts.deallocate() }
        loop.actual_counts = paced ? actualCounts.baseAddress : nil

        let cpuStart = try measure(&loop, job: job, paced: paced)
        // A paced receiver whose sender ended before a measured message measured nothing, as in PacedStream.
        result.cpu = loop.ended != 0 ? CPUUsage() : CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = loop.elapsed_ns
        result.messages = Int(loop.messages)
        switch (job.pattern, job.role) {
        case (.stream, .server) where paced:
            if job.transport.isDatagram {
                // The paced receiver has no boundary message: the first measured one counts.
                result.sequence = sequenceReport(loop, boundary: 0)
                result.messages = result.sequence!.uniqueReceived
            }
            result.oneWay = histogram(counts, minimum: loop.min_ns, maximum: loop.max_ns)
            result.oneWayActual = histogram(actualCounts, minimum: loop.actual_min_ns, maximum: loop.actual_max_ns)
            result.outOfRangeSamples = Int(loop.out_of_range)
        case (.rr, .client):
            result.histogram = histogram(counts, minimum: loop.min_ns, maximum: loop.max_ns)
            result.oneWayActual = histogram(actualCounts, minimum: loop.actual_min_ns, maximum: loop.actual_max_ns)
            result.outOfRangeSamples = Int(loop.out_of_range)
            result.lastSequenceSent = loop.sequence &- 1
            try end()
        case (.pingpong, .client):
            result.histogram = histogram(counts, minimum: loop.min_ns, maximum: loop.max_ns)
            result.outOfRangeSamples = Int(loop.out_of_range)
            try end()
        case (.stream, .client):
            if job.transport.isDatagram { result.lastSequenceSent = loop.sequence &- 1 }
            try end()
        case (.stream, .server) where job.transport.isDatagram:
            // The boundary message opened the window; count only what came after it.
            let report = sequenceReport(loop, boundary: 1)
            result.sequence = report
            result.messages = report.uniqueReceived
        default:
            break
        }
    }

    /// Runs the job's C loop: its warmup, then (from the returned CPU usage on) its measured part.
    private static func measure(_ loop: inout csbl_loop, job: WorkerJob, paced: Bool) throws(SyscallError) -> CPUUsage {
        let cpuStart: CPUUsage
        switch (job.pattern, job.role) {
        case (.stream, .client) where paced:
            try check(csbl_paced_sender_warmup(&loop), loop)
            cpuStart = CPUUsage.current()
            try check(csbl_paced_sender_measure(&loop), loop)
        case (.stream, .server) where paced:
            try check(csbl_paced_receiver_warmup(&loop), loop)
            cpuStart = CPUUsage.current()
            try check(csbl_paced_receiver_measure(&loop), loop)
        case (.rr, .client):
            try check(csbl_rr_client_warmup(&loop), loop)
            cpuStart = CPUUsage.current()
            try check(csbl_rr_client_measure(&loop), loop)
        case (.pingpong, .server), (.rr, .server):
            cpuStart = CPUUsage.current()
            try check(csbl_echo_server(&loop), loop)
        case (.pingpong, .client):
            try check(csbl_pingpong_client_warmup(&loop), loop)
            cpuStart = CPUUsage.current()
            try check(csbl_pingpong_client_measure(&loop), loop)
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
        }
        return cpuStart
    }

    static func check(_ status: Int32, _ loop: csbl_loop) throws(SyscallError) {
        guard status != 0 else { return }
        let call = loop.failed_call.map { String(cString: $0) } ?? "loop"
        throw SyscallError(call: call, errno: Errno(rawValue: loop.failed_errno), detail: loop.failed_reason.map { String(cString: $0) })
    }

    /// `count` zeroed counters for a C loop to write into; the caller deallocates them.
    static func zeroed<Counter: FixedWidthInteger>(_ count: Int) -> UnsafeMutableBufferPointer<Counter> {
        let counters = UnsafeMutableBufferPointer<Counter>.allocate(capacity: count)
        counters.initialize(repeating: 0)
        return counters
    }

    /// The C loop's counters (the layout of `RoundTripCounts`) as a round-trip histogram; a C
    /// minimum of 0 means none was recorded.
    static func histogram(_ counts: UnsafeMutableBufferPointer<UInt64>, minimum: UInt64, maximum: UInt64) -> Histogram<UInt64> {
        RoundTripCounts.histogram(counts: UnsafeBufferPointer(counts), minimum: minimum == 0 ? .max : minimum, maximum: maximum)
    }

    /// The C receiver's sequence accounting, less the `boundary` messages that only opened the window.
    private static func sequenceReport(_ loop: csbl_loop, boundary: Int) -> SequenceReport {
        var report = SequenceReport()
        report.firstSequence = loop.first_sequence
        report.highestSequence = loop.highest_sequence
        report.uniqueReceived = Int(loop.unique_received) - boundary
        report.reordered = Int(loop.reordered)
        report.duplicated = Int(loop.duplicated)
        return report
    }
}

import CSockBenchLoops
import Glibc
import Histogram

/// The plain-C twin of ConnectLoop (CSockBenchLoops/connect.c), run on the listener or server address
/// WorkerSetup prepared, filling the same `WorkerResult` fields. The `--connections` twins run from
/// ConnectionThreads (ReferenceLoops+ConnectionThreads.swift).
extension ReferenceLoops {
    /// `listener` is the server's listening descriptor (-1 for a client); `server` is where a client connects.
    static func runConnect(
        listener: Int32, server: Endpoint, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer,
        echo: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        var loop = try settings(job, buffer: buffer, echo: echo)
        loop.fd = -1
        loop.epoll_fd = -1
        loop.listener = listener
        // The connect pattern's sockets block, bounded by SO_RCVTIMEO/SO_SNDTIMEO, whatever the mode.
        loop.mode = Int32(CSBL_BLOCKING)
        loop.socket_timeout_ns = job.options.mode == .timeout ? job.socketTimeoutNanoseconds : job.idleTimeoutNanoseconds
        loop.domain = job.transport.family
        loop.type = job.transport.socketType
        loop.send_buffer_bytes = Int32(clamping: job.options.sendBufferBytes ?? 0)
        loop.receive_buffer_bytes = Int32(clamping: job.options.receiveBufferBytes ?? 0)
        loop.no_delay = job.transport.isTCP ? job.options.noDelay.map { $0 ? 1 : 0 } ?? -1 : -1

        // Everything the loops write into is allocated here, before the first message.
        let address = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<sockaddr_storage>.size, alignment: 16)
        let counts: UnsafeMutableBufferPointer<UInt64> = zeroed(Int(CSBL_HISTOGRAM_LENGTH))
        let connectCounts: UnsafeMutableBufferPointer<UInt64> = zeroed(Int(CSBL_HISTOGRAM_LENGTH))
        defer {
            address.deallocate()
            counts.deallocate()
            connectCounts.deallocate()
        }
        if job.role == .client {
            loop.address_length = UInt32(try ConnectAddress(server).copy(to: address))
            loop.address = UnsafeRawPointer(address)
        }
        loop.counts = counts.baseAddress
        loop.connect_counts = connectCounts.baseAddress

        if job.role == .client {
            try check(csbl_connect_client_warmup(&loop), loop)
            let cpuStart = CPUUsage.current()
            try check(csbl_connect_client_measure(&loop), loop)
            result.cpu = CPUUsage.current() - cpuStart
            result.histogram = histogram(counts, minimum: loop.min_ns, maximum: loop.max_ns)
            result.connectHistogram = histogram(connectCounts, minimum: loop.connect_min_ns, maximum: loop.connect_max_ns)
            result.outOfRangeSamples = Int(loop.out_of_range)
            try check(csbl_connect_client_end(&loop), loop)
        } else {
            let cpuStart = CPUUsage.current()
            try check(csbl_connect_server(&loop), loop)
            result.cpu = CPUUsage.current() - cpuStart
        }
        result.elapsedNanoseconds = loop.elapsed_ns
        result.messages = Int(loop.messages)
    }

}

import CSockBenchLoops
import Glibc
import Histogram

/// The plain-C twins of ConnectLoop, EpollServer and EpollClients (CSockBenchLoops/connections.c), run
/// on the listener or server address WorkerSetup prepared, filling the same `WorkerResult` fields.
extension ReferenceLoops {
    /// `listener` is the server's listening descriptor (-1 for a client); `server` is where a client connects.
    static func runConnections(
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
        loop.connections = Int32(clamping: job.connections)
        // The clients stay level-triggered: `--mode epoll-et` is the server's registration.
        loop.edge_triggered = job.role == .server && job.options.mode == .epollET ? 1 : 0

        // Everything the loops write into is allocated here, before the first message.
        let address = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<sockaddr_storage>.size, alignment: 16)
        let counts = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: Int(CSBL_HISTOGRAM_LENGTH))
        let connectCounts = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: Int(CSBL_HISTOGRAM_LENGTH))
        let roundTrips = UnsafeMutableBufferPointer<Int64>.allocate(capacity: max(1, job.connections))
        counts.initialize(repeating: 0)
        connectCounts.initialize(repeating: 0)
        roundTrips.initialize(repeating: 0)
        defer {
            address.deallocate()
            counts.deallocate()
            connectCounts.deallocate()
            roundTrips.deallocate()
        }
        if job.role == .client {
            loop.address_length = UInt32(try ConnectAddress(server).copy(to: address))
            loop.address = UnsafeRawPointer(address)
        }
        loop.counts = counts.baseAddress
        loop.connect_counts = connectCounts.baseAddress
        loop.connection_round_trips = roundTrips.baseAddress

        switch (job.connections > 0, job.role) {
        case (false, .client):
            try check(csbl_connect_client_warmup(&loop), loop)
            let cpuStart = CPUUsage.current()
            try check(csbl_connect_client_measure(&loop), loop)
            result.cpu = CPUUsage.current() - cpuStart
            result.histogram = histogram(counts, minimum: loop.min_ns, maximum: loop.max_ns)
            result.connectHistogram = histogram(connectCounts, minimum: loop.connect_min_ns, maximum: loop.connect_max_ns)
            result.outOfRangeSamples = Int(loop.out_of_range)
            try check(csbl_connect_client_end(&loop), loop)
        case (false, .server):
            let cpuStart = CPUUsage.current()
            try check(csbl_connect_server(&loop), loop)
            result.cpu = CPUUsage.current() - cpuStart
        case (true, .server):
            let cpuStart = CPUUsage.current()
            try check(csbl_epoll_server(&loop), loop)
            result.cpu = CPUUsage.current() - cpuStart
        case (true, .client):
            try check(csbl_epoll_clients(&loop), loop)
            result.cpu = CPUUsage(
                userMicroseconds: Int64(loop.cpu_user_us), systemMicroseconds: Int64(loop.cpu_system_us),
                voluntarySwitches: Int64(loop.cpu_voluntary), involuntarySwitches: Int64(loop.cpu_involuntary)
            )
            result.histogram = histogram(counts, minimum: loop.min_ns, maximum: loop.max_ns)
            result.outOfRangeSamples = Int(loop.out_of_range)
            result.connectionCounts = roundTrips.prefix(job.connections).map { Int($0) }
        }
        result.elapsedNanoseconds = loop.elapsed_ns
        result.messages = Int(loop.messages)
    }

    /// C counters (the layout of `RoundTripCounts`) as a histogram; the C loops mark "no minimum" with 0.
    private static func histogram(_ counts: UnsafeMutableBufferPointer<UInt64>, minimum: UInt64, maximum: UInt64) -> Histogram<UInt64> {
        RoundTripCounts.histogram(counts: UnsafeBufferPointer(counts), minimum: minimum == 0 ? .max : minimum, maximum: maximum)
    }
}

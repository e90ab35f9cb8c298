import CSockBenchLoops
import Glibc
import Histogram

/// The plain-C twins of the `--connections` loops (EpollServer, DatagramServer, EpollClients, in
/// CSockBenchLoops/connections.c), run from ConnectionThreads on the sockets, epoll descriptors,
/// shares and cores it prepared for the Swift loops. C starts the threads (pthreads, each pinned as
/// WorkerThreads pins), so no Swift runs between the threads' loops and their ends.
extension ReferenceLoops {
    /// Server: thread t serves from `descriptors[t]`: its listener (or -1: none, when thread 0's
    /// hands connections out `roundRobin`), or for datagrams (no `epolls`) its bound socket.
    static func serveThreads(descriptors: [Int32], epolls: [Int32], roundRobin: Bool, job: WorkerJob) throws(SyscallError) -> [ThreadTally] {
        let buffers = descriptors.map { _ in MessageBuffers(capacity: max(job.sizeBytes, WorkerJob.sequenceHeaderBytes)) }
        let loops = UnsafeMutableBufferPointer<csbl_loop>.allocate(capacity: descriptors.count)
        defer {
            loops.deallocate()
            for buffer in buffers { buffer.release() }
        }
        for (thread, descriptor) in descriptors.enumerated() {
            var loop = try settings(job, buffer: buffers[thread].buffer, echo: buffers[thread].echo)
            loop.fd = epolls.isEmpty ? descriptor : -1
            loop.listener = epolls.isEmpty ? -1 : descriptor
            loop.epoll_fd = -1
            loop.connections = Int32(clamping: job.connections)
            loop.edge_triggered = job.options.mode == .epollET ? 1 : 0
            loop.core = Int32(job.threadCore(thread) ?? -1)
            loops.initializeElement(at: thread, to: loop)
        }
        let status = epolls.withUnsafeBufferPointer { epolls in
            csbl_server_threads(loops.baseAddress, Int32(loops.count), epolls.isEmpty ? nil : epolls.baseAddress, roundRobin ? 1 : 0)
        }
        try check(status, loops)
        return loops.indices.map { thread in
            ThreadTally(messages: Int(loops[thread].messages), elapsedNanoseconds: loops[thread].elapsed_ns, cpu: usage(loops[thread]), core: job.threadCore(thread))
        }
    }

    /// Clients: thread t drives `parts[t]` (its share of the connections and of a `--count`); its
    /// results are what EpollClients fills for that share, in thread order.
    static func driveThreads(server: Endpoint, parts: [WorkerJob], job: WorkerJob) throws(SyscallError) -> [WorkerResult] {
        if job.transport == .unixDgram {
            throw SyscallError(call: "worker", errno: Errno(rawValue: EINVAL), detail: "the C epoll clients bind no unix-dgram client paths (measure unix-dgram --connections with the Swift loops)")
        }
        let length = Int(CSBL_HISTOGRAM_LENGTH)
        // Everything the loops write into is allocated here, before the first message.
        let address = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<sockaddr_storage>.size, alignment: 16)
        let counts: UnsafeMutableBufferPointer<UInt64> = zeroed(length * parts.count)
        let roundTrips: UnsafeMutableBufferPointer<Int64> = zeroed(max(1, job.connections))
        let buffers = parts.map { _ in MessageBuffers(capacity: max(job.sizeBytes, WorkerJob.sequenceHeaderBytes)) }
        let loops = UnsafeMutableBufferPointer<csbl_loop>.allocate(capacity: parts.count)
        defer {
            address.deallocate()
            counts.deallocate()
            roundTrips.deallocate()
            loops.deallocate()
            for buffer in buffers { buffer.release() }
        }
        let addressLength = UInt32(try ConnectAddress(server).copy(to: address))
        var first = 0
        for (thread, part) in parts.enumerated() {
            var loop = try settings(part, buffer: buffers[thread].buffer, echo: buffers[thread].echo)
            loop.fd = -1
            loop.epoll_fd = -1
            loop.listener = -1
            loop.address = UnsafeRawPointer(address)
            loop.address_length = addressLength
            loop.domain = job.transport.family
            loop.type = job.transport.socketType
            loop.datagram = job.transport.isDatagram ? 1 : 0
            loop.no_delay = job.transport.isTCP ? job.options.noDelay.map { $0 ? 1 : 0 } ?? -1 : -1
            loop.connections = Int32(clamping: part.connections)
            loop.counts = counts.baseAddress! + thread * length
            loop.connection_round_trips = roundTrips.baseAddress! + first
            loop.core = Int32(job.threadCore(thread) ?? -1)
            loops.initializeElement(at: thread, to: loop)
            first += part.connections
        }
        try check(csbl_client_threads(loops.baseAddress, Int32(loops.count)), loops)
        return loops.indices.map { thread in
            let loop = loops[thread]
            var part = WorkerResult(role: .client, effectiveBuffers: EffectiveBuffers(sendBufferBytes: 0, receiveBufferBytes: 0))
            part.messages = Int(loop.messages)
            part.elapsedNanoseconds = loop.elapsed_ns
            part.cpu = usage(loop)
            part.histogram = histogram(UnsafeMutableBufferPointer(rebasing: counts[thread * length ..< (thread + 1) * length]), minimum: loop.min_ns, maximum: loop.max_ns)
            part.outOfRangeSamples = Int(loop.out_of_range)
            part.connectionCounts = UnsafeBufferPointer(start: loop.connection_round_trips, count: Int(loop.connections)).map { Int($0) }
            if job.transport.isDatagram { part.lostRoundTrips = Int(loop.lost) }
            return part
        }
    }

    /// The first thread's failure (the lowest thread that failed), as WorkerThreads reports it.
    private static func check(_ status: Int32, _ loops: UnsafeMutableBufferPointer<csbl_loop>) throws(SyscallError) {
        guard status != 0 else { return }
        for loop in loops where loop.failed_call != nil { try check(status, loop) }
        try check(status, loops[0])
    }

    /// A loop's CPU usage over its thread's run (RUSAGE_THREAD, read by the loop itself).
    static func usage(_ loop: csbl_loop) -> CPUUsage {
        CPUUsage(
            userMicroseconds: Int64(loop.cpu_user_us), systemMicroseconds: Int64(loop.cpu_system_us),
            voluntarySwitches: Int64(loop.cpu_voluntary), involuntarySwitches: Int64(loop.cpu_involuntary)
        )
    }
}

import Glibc
import Histogram

/// `--connections` with `--threads`: the threads of one worker process, each with its own loop and
/// its share of the connections, and what the worker reports for all of them.
public enum ConnectionThreads {
    /// Server: one loop per thread. TCP and UDP threads each own a socket of the shared port (the
    /// first one and its `siblings`, all bound with SO_REUSEPORT); AF_UNIX has no SO_REUSEPORT, so
    /// thread 0 accepts on the only listener and hands the connections out round-robin.
    public static func serve(listener: borrowing Socket, siblings: borrowing SiblingSockets, job: WorkerJob, result: inout WorkerResult) throws(SyscallError) {
        let threads = max(1, job.threads)
        let sockets = [listener.fd] + siblings.fds
        let sharesPort = sockets.count == threads
        let datagram = job.transport.isDatagram
        if datagram && !sharesPort {
            throw SyscallError(call: "socket", errno: Errno(rawValue: EOPNOTSUPP), detail: "\(threads) datagram server threads need a socket each (SO_REUSEPORT), but \(job.transport.rawValue) has one")
        }
        for fd in sockets { try Sys.setNonBlocking(fd, true) }
        var epolls: [Int32] = []
        defer { for fd in epolls { Sys.close(fd) } }
        if !datagram { for _ in 0..<threads { epolls.append(try Sys.epollCreate()) } }
        // Thread t serves from its own socket (SO_REUSEPORT), or round-robin from thread 0's listener.
        let descriptors = (0..<threads).map { sharesPort ? sockets[$0] : ($0 == 0 ? sockets[0] : -1) }
        let tallies = job.engine == .c
            ? try ReferenceLoops.serveThreads(descriptors: descriptors, epolls: epolls, roundRobin: !sharesPort, job: job)
            : try serveSwift(descriptors: descriptors, epolls: epolls, roundRobin: !sharesPort, job: job)
        result.messages = tallies.reduce(0) { $0 + $1.messages }
        result.elapsedNanoseconds = tallies.map(\.elapsedNanoseconds).max() ?? 0
        result.cpu = tallies.reduce(CPUUsage()) { $0 + $1.cpu }
        result.threadTallies = tallies
    }

    /// The Swift loops of `serve`, one per thread of WorkerThreads.
    private static func serveSwift(descriptors: [Int32], epolls: [Int32], roundRobin: Bool, job: WorkerJob) throws(SyscallError) -> [ThreadTally] {
        let state = ServerThreadsState(total: job.connections, threads: descriptors.count, epolls: epolls)
        defer { state.closeLeftovers() }
        return try WorkerThreads.run(count: descriptors.count, cores: job.threadCores) { thread throws(SyscallError) in
            if epolls.isEmpty { return try DatagramServer.serve(thread: thread, fd: descriptors[thread], state: state, job: job) }
            let listener = descriptors[thread] >= 0 ? descriptors[thread] : nil
            return try EpollServer.serve(thread: thread, listener: listener, roundRobin: roundRobin, state: state, job: job)
        }
    }

    /// Client: thread t opens and drives its share of this process's connections (and of a
    /// `--count`), each with its own epoll loop, buffers and histogram, merged here.
    public static func drive(server: Endpoint, job: WorkerJob, result: inout WorkerResult) throws(SyscallError) {
        var counted = max(1, min(job.threads, job.connections))
        if case .count(let count) = job.extent { counted = max(1, min(counted, count)) }
        let threads = counted
        let shares = (0..<threads).map { share(job.connections, index: $0, of: threads) }
        let firsts = shares.indices.map { shares[..<$0].reduce(0, +) }
        let parts = shares.indices.map { thread in
            var part = job
            part.connections = shares[thread]
            if case .count(let count) = job.extent { part.extent = .count(share(count, index: thread, of: threads)) }
            return part
        }
        if job.engine == .c {
            merge(try ReferenceLoops.driveThreads(server: server, parts: parts, job: job), cores: job.threadCores, into: &result)
            return
        }
        let outcomes = try WorkerThreads.run(count: threads, cores: job.threadCores) { thread throws(SyscallError) in
            let buffers = MessageBuffers(capacity: max(job.sizeBytes, WorkerJob.sequenceHeaderBytes))
            defer { buffers.release() }
            var partial = WorkerResult(role: .client, effectiveBuffers: EffectiveBuffers(sendBufferBytes: 0, receiveBufferBytes: 0))
            try EpollClients.run(server: server, job: parts[thread], firstConnection: firsts[thread], buffer: buffers.buffer, echo: buffers.echo, result: &partial)
            return partial
        }
        merge(outcomes, cores: job.threadCores, into: &result)
    }

    /// One worker's result from its threads': counts summed, histograms merged, connections in order.
    static func merge(_ parts: [WorkerResult], cores: [Int]?, into result: inout WorkerResult) {
        var histogram: Histogram<UInt64>?
        var counts: [Int] = []
        var lost: Int?
        var tallies: [ThreadTally] = []
        result.messages = 0
        result.cpu = CPUUsage()
        result.elapsedNanoseconds = 0
        for (thread, part) in parts.enumerated() {
            result.messages += part.messages
            result.cpu = result.cpu + part.cpu
            result.elapsedNanoseconds = max(result.elapsedNanoseconds, part.elapsedNanoseconds)
            result.outOfRangeSamples += part.outOfRangeSamples
            if let h = part.histogram {
                if histogram == nil { histogram = h } else { histogram!.add(h) }
            }
            counts += part.connectionCounts ?? []
            if let dropped = part.lostRoundTrips { lost = (lost ?? 0) + dropped }
            let core = cores.flatMap { thread < $0.count ? $0[thread] : nil }
            tallies.append(ThreadTally(messages: part.messages, elapsedNanoseconds: part.elapsedNanoseconds, cpu: part.cpu, core: core))
        }
        result.histogram = histogram
        result.connectionCounts = counts
        result.lostRoundTrips = lost
        result.threadTallies = tallies
    }

    /// Part `index` of `total` spread over `parts` as evenly as whole numbers go.
    public static func share(_ total: Int, index: Int, of parts: Int) -> Int {
        total / parts + (index < total % parts ? 1 : 0)
    }
}

import Glibc

/// `--connections N`, client side: one thread of a client process (`--threads`, default one) drives
/// its share of the N connections with one epoll loop, ping-pong on every connection at once (each has one request in flight), and
/// times every round trip. Ends by closing every connection, which ends the server.
///
/// Datagram transports: each "connection" is a client socket of its own (a unix-dgram one bound to
/// its own path in the run's socket directory, so the server can reply), connected to the server's
/// socket. An echo still missing one idle timeout after the run's end is counted as lost, not
/// waited for; each socket then sends the zero-length end datagram.
public enum EpollClients {
    public static func run(
        server: Endpoint, job: WorkerJob, firstConnection: Int = 0, buffer: UnsafeMutableRawBufferPointer, echo: UnsafeMutableRawBufferPointer,
        result: inout WorkerResult
    ) throws(SyscallError) {
        let clients = Clients(count: job.connections)
        var bound = 0
        var epfd: Int32 = -1
        defer {
            for connection in 0..<bound { try? Sys.unlink(clientPath(job, firstConnection + connection)) }
            if epfd >= 0 { Sys.close(epfd) }
            clients.release()
        }
        epfd = try Sys.epollCreate()
        try connectAll(clients, server: server, job: job, firstConnection: firstConnection, epfd: epfd, bound: &bound)
        let out = buffer.baseAddress!
        Payload.fill(out, count: job.sizeBytes, sequence: 0)
        let lost = try measure(clients, epfd: epfd, job: job, out: out, back: echo.baseAddress!, result: &result)
        result.connectionCounts = Array(clients.roundTrips)
        if job.transport.isDatagram {
            result.lostRoundTrips = lost
            // The end of the run, once per socket; a lost one costs the server an idle timeout.
            for connection in 0..<clients.count { _ = try? Sys.send(clients.fds[connection], out, 0) }
        }
    }

    /// The client's per-connection state, allocated before the first message: descriptors, when
    /// each request went out, bytes of each echo received so far, round trips measured, and
    /// epoll's ready list.
    private struct Clients {
        let count: Int
        let fds: UnsafeMutableBufferPointer<Int32>
        let sentAt: UnsafeMutableBufferPointer<UInt64>
        let pending: UnsafeMutableBufferPointer<Int>
        let roundTrips: UnsafeMutableBufferPointer<Int>
        let tokens: UnsafeMutablePointer<UInt64>
        static let readyCapacity: Int32 = 256

        init(count: Int) {
            self.count = count
            fds = .allocate(capacity: count)
            sentAt = .allocate(capacity: count)
            pending = .allocate(capacity: count)
            roundTrips = .allocate(capacity: count)
            tokens = .allocate(capacity: Int(Self.readyCapacity))
            fds.initialize(repeating: -1)
            sentAt.initialize(repeating: 0)
            pending.initialize(repeating: 0)
            roundTrips.initialize(repeating: 0)
        }

        /// Closes every open socket and frees the arrays.
        func release() {
            for fd in fds where fd >= 0 { Sys.close(fd) }
            fds.deallocate()
            sentAt.deallocate()
            pending.deallocate()
            roundTrips.deallocate()
            tokens.deallocate()
        }
    }

    /// Opens, connects and registers every client socket; `bound` counts the unix-dgram paths made.
    private static func connectAll(_ clients: Clients, server: Endpoint, job: WorkerJob, firstConnection: Int, epfd: Int32, bound: inout Int) throws(SyscallError) {
        let bindsPaths = job.transport.isDatagram && job.transport.isUnix
        var address = try ConnectAddress(server)
        for connection in 0..<clients.count {
            let fd = try Sys.socket(domain: job.transport.family, type: job.transport.socketType)
            clients.fds[connection] = fd
            if bindsPaths {
                try bind(fd, path: clientPath(job, firstConnection + connection))
                bound = connection &+ 1
            }
            if let noDelay = job.options.noDelay, job.transport.isTCP {
                try Sys.setsockopt(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: noDelay ? 1 : 0)
            }
            // A blocking connect, bounded: the server accepts from its own loop meanwhile.
            try Sys.setTimeoutOption(fd, name: SO_SNDTIMEO, nanoseconds: job.idleTimeoutNanoseconds)
            try address.connect(fd)
            try Sys.setNonBlocking(fd, true)
            try Sys.epollAdd(epfd, fd: fd, token: UInt64(connection))
        }
    }

    /// Warmup, then the measured round trips on every connection at once, then waits for the
    /// echoes still in flight. Returns the round trips lost (datagrams: echoes missing one idle
    /// timeout after the end).
    private static func measure(
        _ clients: Clients, epfd: Int32, job: WorkerJob, out: UnsafeMutableRawPointer, back: UnsafeMutableRawPointer,
        result: inout WorkerResult
    ) throws(SyscallError) -> Int {
        let count = clients.count
        let size = job.sizeBytes
        let fds = clients.fds
        let sentAt = clients.sentAt
        let pending = clients.pending
        let roundTrips = clients.roundTrips
        let tokens = clients.tokens
        let keepsBoundaries = job.transport.keepsBoundaries
        let isDatagram = job.transport.isDatagram
        let timeoutMilliseconds = Int32(clamping: max(1, job.idleTimeoutNanoseconds / 1_000_000))
        var recorder = RoundTripCounts()

        let warmupEnd = MonotonicClock.nanoseconds() &+ job.warmupNanoseconds
        var measuring = job.warmupNanoseconds == 0
        var window = MeasuringWindow(job.extent)
        var end = window.start
        for connection in 0..<count {
            sentAt[connection] = MonotonicClock.nanoseconds()
            try EpollServer.sendWhole(fds[connection], out, size)
        }
        var inFlight = count
        var measured = 0
        var stopping = false
        while inFlight > 0 {
            let ready = try Sys.epollWait(epfd, tokens: tokens, capacity: Clients.readyCapacity, timeoutMilliseconds: timeoutMilliseconds)
            if ready == 0 && isDatagram && stopping {
                break  // the echoes still in flight (or their requests) were dropped
            }
            if ready == 0 {
                throw SyscallError(call: "epoll_wait", errno: .timedOut, detail: "stall: no echo on any of \(count) connections for \(timeoutMilliseconds) ms")
            }
            for index in 0..<ready {
                let connection = Int(truncatingIfNeeded: tokens[index])
                let fd = fds[connection]
                guard let received = try Sys.recv(fd, back, size &- pending[connection]) else { continue }
                if received == 0 {
                    throw SyscallError(call: "recv", errno: .connectionReset, detail: "the server closed connection \(connection) during the run")
                }
                pending[connection] &+= received
                guard keepsBoundaries || pending[connection] == size else { continue }
                pending[connection] = 0
                let now = MonotonicClock.nanoseconds()
                if measuring && !stopping {
                    recorder.record(now &- sentAt[connection])
                    roundTrips[connection] &+= 1
                    measured &+= 1
                    end = now
                    if measured >= window.limit || now >= window.deadline { stopping = true }
                } else if !measuring && now >= warmupEnd {
                    measuring = true
                    window = MeasuringWindow(job.extent, start: now)
                }
                if stopping {
                    inFlight &-= 1
                } else {
                    sentAt[connection] = now
                    try EpollServer.sendWhole(fd, out, size)
                }
            }
        }
        window.close(&result, end: end, messages: measured)
        result.histogram = recorder.histogram()
        result.outOfRangeSamples = recorder.outOfRange
        return inFlight
    }

    /// Where a unix-dgram client socket binds: private to the run, unique per process and socket.
    static func clientPath(_ job: WorkerJob, _ connection: Int) -> String {
        "\(job.socketDirectory)/c\(job.pairIndex)-\(connection).sock"
    }

    private static func bind(_ fd: Int32, path: String) throws(SyscallError) {
        // The directory is private to this run; a file here can only be left by a crashed worker.
        try? Sys.unlink(path)
        try Endpoint.unix(path: path).withSocketAddress(for: "bind") { address, length throws(SyscallError) in
            try Sys.bind(fd, address, length, detail: path)
        }
    }
}

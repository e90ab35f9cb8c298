import Glibc

/// `--connections N`, client side: one process drives its share of the N connections with one
/// epoll loop, ping-pong on every connection at once (each has one request in flight), and
/// times every round trip. Ends by closing every connection, which ends the server.
///
/// Datagram transports: each "connection" is a client socket of its own (a unix-dgram one bound to
/// its own path in the run's socket directory, so the server can reply), connected to the server's
/// socket. An echo still missing one idle timeout after the run's end is counted as lost, not
/// waited for; each socket then sends the zero-length end datagram.
public enum EpollClients {
    public static func run(
        server: Endpoint, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, echo: UnsafeMutableRawBufferPointer,
        result: inout WorkerResult
    ) throws(SyscallError) {
        let count = job.connections
        let size = job.sizeBytes
        let out = buffer.baseAddress!
        let back = echo.baseAddress!
        let keepsBoundaries = job.transport.keepsBoundaries
        let isDatagram = job.transport.isDatagram
        let bindsPaths = isDatagram && job.transport.isUnix
        let timeoutMilliseconds = Int32(clamping: max(1, job.idleTimeoutNanoseconds / 1_000_000))
        let fds = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count)
        let sentAt = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: count)
        let pending = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        let roundTrips = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        let tokens = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
        fds.initialize(repeating: -1)
        sentAt.initialize(repeating: 0)
        pending.initialize(repeating: 0)
        roundTrips.initialize(repeating: 0)
        let epfd = try Sys.epollCreate()
        var bound = 0
        defer {
            for fd in fds where fd >= 0 { Sys.close(fd) }
            for connection in 0..<bound { try? Sys.unlink(clientPath(job, connection)) }
            Sys.close(epfd)
            fds.deallocate()
            sentAt.deallocate()
            pending.deallocate()
            roundTrips.deallocate()
            tokens.deallocate()
        }
        var address = try ConnectAddress(server)
        for connection in 0..<count {
            let fd = try Sys.socket(domain: job.transport.family, type: job.transport.socketType)
            fds[connection] = fd
            if bindsPaths {
                try bind(fd, path: clientPath(job, connection))
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
        Payload.fill(out, count: size, sequence: 0)
        var recorder = RoundTripCounts()

        let warmupEnd = MonotonicClock.nanoseconds() &+ job.warmupNanoseconds
        var measuring = job.warmupNanoseconds == 0
        var cpuStart = CPUUsage.current()
        var start = MonotonicClock.nanoseconds()
        var end = start
        var deadline = UInt64.max
        var limit = Int.max
        func beginMeasuring(at now: UInt64) {
            measuring = true
            cpuStart = CPUUsage.current()
            start = now
            switch job.extent {
            case .duration(let nanoseconds): deadline = now &+ nanoseconds
            case .count(let n): limit = n
            }
        }
        if measuring { beginMeasuring(at: start) }
        for connection in 0..<count {
            sentAt[connection] = MonotonicClock.nanoseconds()
            try EpollServer.sendWhole(fds[connection], out, size)
        }
        var inFlight = count
        var measured = 0
        var stopping = false
        var lost = 0
        while inFlight > 0 {
            let ready = try Sys.epollWait(epfd, tokens: tokens, capacity: 256, timeoutMilliseconds: timeoutMilliseconds)
            if ready == 0 && isDatagram && stopping {
                lost = inFlight  // these echoes (or their requests) were dropped
                break
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
                    if measured >= limit || now >= deadline { stopping = true }
                } else if !measuring && now >= warmupEnd {
                    beginMeasuring(at: now)
                }
                if stopping {
                    inFlight &-= 1
                } else {
                    sentAt[connection] = now
                    try EpollServer.sendWhole(fd, out, size)
                }
            }
        }
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = end &- start
        result.messages = measured
        result.histogram = recorder.histogram()
        result.outOfRangeSamples = recorder.outOfRange
        result.connectionCounts = Array(roundTrips)
        if isDatagram {
            result.lostRoundTrips = lost
            // The end of the run, once per socket; a lost one costs the server an idle timeout.
            for connection in 0..<count { _ = try? Sys.send(fds[connection], out, 0) }
        }
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

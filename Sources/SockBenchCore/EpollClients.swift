import Glibc

/// `--connections N`, client side: one process drives its share of the N connections with one
/// epoll loop, ping-pong on every connection at once (each has one request in flight), and
/// times every round trip. Ends by closing every connection, which ends the server.
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
        defer {
            for fd in fds where fd >= 0 { Sys.close(fd) }
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
        while inFlight > 0 {
            let ready = try Sys.epollWait(epfd, tokens: tokens, capacity: 256, timeoutMilliseconds: timeoutMilliseconds)
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
        result.bytes = measured &* size &* 2
        result.histogram = recorder.histogram()
        result.outOfRangeSamples = recorder.outOfRange
        result.connectionCounts = Array(roundTrips)
    }
}

/// The ping-pong and stream loops of the shm transport: PingPong.swift and Stream.swift with the
/// ring's send and receive in place of the channel's, and everything else alike (warmup, measured
/// extent, clock reads, payload and `--verify` checks, the end-of-run signal, the result fields).
enum SharedRingLoops {
    static func run(_ ring: inout SharedRing, job: WorkerJob, result: inout WorkerResult) throws(SyscallError) {
        let buffers = MessageBuffers(capacity: max(job.sizeBytes, job.replyBytes))
        defer { buffers.release() }
        let (buffer, echo) = (buffers.buffer, buffers.echo)
        if job.engine == .c {
            try ReferenceLoops.run(&ring, job: job, buffer: buffer, echo: echo, result: &result)
            return
        }
        switch (job.pattern, job.role) {
        case (.pingpong, .client): try runClient(&ring, job: job, out: buffer.baseAddress!, back: echo.baseAddress!, result: &result)
        case (.pingpong, .server): try runServer(&ring, job: job, base: buffer.baseAddress!, result: &result)
        case (.stream, .client): try runSender(&ring, job: job, base: buffer.baseAddress!, result: &result)
        case (.stream, .server): try runReceiver(&ring, job: job, base: buffer.baseAddress!, result: &result)
        case (.rr, _), (.connect, _):
            // The rule table refuses these for shm (Matrix.unsupported); a job that gets here is a bug.
            throw SyscallError(call: "worker", errno: Errno(rawValue: 22), detail: "shm measures pingpong and stream only")
        }
    }

    // MARK: Ping-pong

    static func runClient(
        _ ring: inout SharedRing, job: WorkerJob, out: UnsafeMutableRawPointer, back: UnsafeMutableRawPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        let size = job.sizeBytes
        let reply = job.replyBytes
        let verify = job.verify
        var recorder = RoundTripCounts()
        var sequence: UInt64 = 0
        var verifyErrors = 0
        Payload.fill(out, count: size, sequence: 0)

        let warmupEnd = MonotonicClock.nanoseconds() &+ job.warmupNanoseconds
        while MonotonicClock.nanoseconds() < warmupEnd {
            try exchange(&ring, out, back, size, reply, sequence: sequence, verify: verify, errors: &verifyErrors)
            sequence &+= 1
        }
        verifyErrors = 0

        let cpuStart = CPUUsage.current()
        let start = MonotonicClock.nanoseconds()
        var end = start
        var roundTrips = 0
        let (deadline, limit): (UInt64, Int)
        switch job.extent {
        case .duration(let nanoseconds): (deadline, limit) = (start &+ nanoseconds, .max)
        case .count(let count): (deadline, limit) = (.max, count)
        }
        while roundTrips < limit && end < deadline {
            let sent = MonotonicClock.nanoseconds()
            try exchange(&ring, out, back, size, reply, sequence: sequence, verify: verify, errors: &verifyErrors)
            end = MonotonicClock.nanoseconds()
            recorder.record(end &- sent)
            sequence &+= 1
            roundTrips &+= 1
        }
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = end &- start
        result.messages = roundTrips
        result.histogram = recorder.histogram()
        result.outOfRangeSamples = recorder.outOfRange
        result.verifyErrors = verifyErrors
        try ring.closeOutput()
    }

    @inline(__always)
    private static func exchange(
        _ ring: inout SharedRing, _ out: UnsafeMutableRawPointer, _ back: UnsafeMutableRawPointer, _ size: Int, _ reply: Int,
        sequence: UInt64, verify: Bool, errors: inout Int
    ) throws(SyscallError) {
        if verify { Payload.fill(out, count: size, sequence: sequence) }
        try ring.send(out, size)
        switch try ring.receive(back, reply) {
        case .bytes: break
        case .endOfStream: throw SyscallError(call: "ring", errno: .connectionReset, detail: "server closed during the run")
        case .timedOut: throw SyscallError(call: "ring", errno: .timedOut, detail: "no echo (a stalled server)")
        }
        // The reply starts with the request (the server replies from the buffer it received into).
        if verify && !Payload.matches(back, count: min(size, reply), sequence: sequence) { errors &+= 1 }
    }

    /// Echoes each request with `job.replyBytes` from the buffer it arrived in, until the client ends the run.
    static func runServer(_ ring: inout SharedRing, job: WorkerJob, base: UnsafeMutableRawPointer, result: inout WorkerResult) throws(SyscallError) {
        let size = job.sizeBytes
        let reply = job.replyBytes
        let cpuStart = CPUUsage.current()
        let start = MonotonicClock.nanoseconds()
        var messages = 0
        loop: while true {
            switch try ring.receive(base, size) {
            case .bytes:
                try ring.send(base, reply)
                messages &+= 1
            case .endOfStream: break loop
            case .timedOut: throw SyscallError(call: "ring", errno: .timedOut, detail: "client silent during the run")
            }
        }
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = MonotonicClock.nanoseconds() &- start
        result.messages = messages
    }

    // MARK: Stream

    static func runSender(_ ring: inout SharedRing, job: WorkerJob, base: UnsafeMutableRawPointer, result: inout WorkerResult) throws(SyscallError) {
        let size = job.sizeBytes
        let verify = job.verify
        Payload.fill(base, count: size, sequence: 0)
        _ = try MeasuringWindow.runSender(job, result: &result) { sequence throws(SyscallError) in
            if verify { Payload.fill(base, count: size, sequence: sequence) }
            try ring.send(base, size)
        }
        try ring.closeOutput()
    }

    /// Receives whole messages until the sender ends the run; warmup and measured window as in Stream.
    static func runReceiver(_ ring: inout SharedRing, job: WorkerJob, base: UnsafeMutableRawPointer, result: inout WorkerResult) throws(SyscallError) {
        let size = job.sizeBytes
        let verify = job.verify
        var verifyErrors = 0
        try MeasuringWindow.runReceiver(job, result: &result) { _, measuring throws(SyscallError) in
            switch try ring.receive(base, size) {
            case .bytes: return true
            case .endOfStream where measuring: return false
            case .endOfStream: throw SyscallError(call: "ring", errno: .connectionReset, detail: "sender ended before the warmup did")
            case .timedOut: throw SyscallError(call: "ring", errno: .timedOut, detail: measuring ? "sender stalled during the run" : "no message from the sender")
            }
        } take: { index, _ in
            if verify && !Payload.matches(base, count: size, sequence: index) { verifyErrors &+= 1 }
        } boundary: {
            verifyErrors = 0
        }
        result.verifyErrors = verifyErrors
    }
}

/// Ping-pong with sizes drawn per round trip (`--size-dist`): request k and its echo are both
/// message k's size from a `SizeTable` both ends build alike, so neither needs framing. A loop of
/// its own, so the fixed size's tuned loops keep their instruction counts; each message is sent
/// whole (the matrix skips `--writes 2` and `--reply-size` with drawn sizes).
enum ShapedPingPong {
    /// Runs the client: warmup, then the measured round trips timed as `PingPong`'s, then tells the
    /// server to stop. `buffer` and `echo` hold the largest size.
    static func runClient(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer,
        echo: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        let sizes = SizeTable(job)
        let out = buffer.baseAddress!
        let back = echo.baseAddress!
        let (verify, quickAck) = (job.verify, job.quickAck)
        var recorder = RoundTripCounts()
        var sequence: UInt64 = 0
        var verifyErrors = 0
        Payload.fill(out, count: sizes.largest, sequence: 0)

        let warmupEnd = MonotonicClock.nanoseconds() &+ job.warmupNanoseconds
        while MonotonicClock.nanoseconds() < warmupEnd {
            _ = try exchange(&channel, out, back, sizes: sizes, sequence: sequence, quickAck: quickAck, verify: verify, errors: &verifyErrors)
            sequence &+= 1
        }
        verifyErrors = 0

        let window = MeasuringWindow(job.extent)
        var end = window.start
        var roundTrips = 0
        var bytes = 0
        while roundTrips < window.limit && end < window.deadline {
            let sent = MonotonicClock.nanoseconds()
            let size = try exchange(&channel, out, back, sizes: sizes, sequence: sequence, quickAck: quickAck, verify: verify, errors: &verifyErrors)
            end = MonotonicClock.nanoseconds()
            recorder.record(end &- sent)
            bytes &+= size &<< 1
            sequence &+= 1
            roundTrips &+= 1
        }
        window.close(&result, end: end, messages: roundTrips)
        result.histogram = recorder.histogram()
        result.outOfRangeSamples = recorder.outOfRange
        result.verifyErrors = verifyErrors
        result.payloadBytes = bytes
        try Ending.send(&channel)
    }

    /// One round trip of message `sequence`'s size; returns that size.
    @inline(__always)
    private static func exchange(
        _ channel: inout Channel, _ out: UnsafeMutableRawPointer, _ back: UnsafeMutableRawPointer, sizes: borrowing SizeTable,
        sequence: UInt64, quickAck: Bool, verify: Bool, errors: inout Int
    ) throws(SyscallError) -> Int {
        let size = sizes[sequence]
        if verify { Payload.fill(out, count: size, sequence: sequence) }
        try channel.sendAll(out, size)
        switch try channel.receiveDrawn(back, sizes: sizes.draws, index: sequence, numbered: false, quickAck: quickAck) {
        case .bytes: break
        case .endOfStream:
            throw Channel.closed("server closed during the run")
        case .timedOut:
            throw Channel.silent("no echo (a lost datagram or a stalled server)")
        }
        if verify && !Payload.matches(back, count: size, sequence: sequence) { errors &+= 1 }
        return size
    }

    /// Runs the server: reads request k whole (its size from the table; a datagram's length checked
    /// against it) and echoes it from the same buffer, until the client ends the run.
    static func runServer(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        let sizes = SizeTable(job)
        let base = buffer.baseAddress!
        let quickAck = job.quickAck
        let cpuStart = CPUUsage.current()
        let start = MonotonicClock.nanoseconds()
        var index: UInt64 = 0
        loop: while true {
            switch try channel.receiveDrawn(base, sizes: sizes.draws, index: index, numbered: false, quickAck: quickAck) {
            case .bytes(let size):
                try channel.sendAll(base, size)
                index &+= 1
            case .endOfStream:
                break loop
            case .timedOut:
                throw Channel.silent("client silent during the run")
            }
        }
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = MonotonicClock.nanoseconds() &- start
        result.messages = Int(truncatingIfNeeded: index)
    }
}

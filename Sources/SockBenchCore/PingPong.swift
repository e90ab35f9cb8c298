import Histogram

/// Ping-pong: the client times round trips, the server echoes.
public enum PingPong {
    /// Runs the client: warmup, then the measured round trips, then tells the server to stop.
    /// `buffer` holds at least `job.sizeBytes` and `echo` at least `job.replyBytes`; they are allocated by the caller before
    /// the clock starts, and nothing in the loop allocates.
    public static func runClient(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer,
        echo: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        let size = job.sizeBytes
        let reply = job.replyBytes
        let out = buffer.baseAddress!
        let back = echo.baseAddress!
        let verify = job.verify
        var recorder = RoundTripCounts()
        var sequence: UInt64 = 0
        var verifyErrors = 0
        let header = job.writes == 2 ? SplitWrite.headerBytes(messageBytes: size) : 0
        let style = job.splitStyle
        let quickAck = job.quickAck
        Payload.fill(out, count: size, sequence: 0)

        let warmupEnd = MonotonicClock.nanoseconds() &+ job.warmupNanoseconds
        while MonotonicClock.nanoseconds() < warmupEnd {
            try exchange(&channel, out, back, size, reply, header: header, style: style, quickAck: quickAck, sequence: sequence, verify: verify, errors: &verifyErrors)
            sequence &+= 1
        }
        verifyErrors = 0

        let window = MeasuringWindow(job.extent)
        var end = window.start
        var roundTrips = 0
        // Literals for whole writes without quick ACKs on a socket (`Channel.isDirect`) let the
        // split-write, quick-ACK, pipe and io_uring branches fold out of the measured loop.
        if header == 0 && !quickAck && channel.isDirect {
            try measure(&channel, out, back, size, reply, header: 0, style: .plain, quickAck: false, direct: true, sequence: &sequence, verify: verify,
                        errors: &verifyErrors, recorder: &recorder, start: window.start, deadline: window.deadline, limit: window.limit,
                        roundTrips: &roundTrips, end: &end)
        } else {
            try measure(&channel, out, back, size, reply, header: header, style: style, quickAck: quickAck, direct: false, sequence: &sequence,
                        verify: verify, errors: &verifyErrors, recorder: &recorder, start: window.start, deadline: window.deadline,
                        limit: window.limit, roundTrips: &roundTrips, end: &end)
        }
        window.close(&result, end: end, messages: roundTrips)
        result.histogram = recorder.histogram()
        result.outOfRangeSamples = recorder.outOfRange
        result.verifyErrors = verifyErrors
        try Ending.send(&channel)
    }

    /// The measured round trips, until `limit` or `deadline`.
    @inline(always)
    private static func measure(
        _ channel: inout Channel, _ out: UnsafeMutableRawPointer, _ back: UnsafeMutableRawPointer, _ size: Int, _ reply: Int,
        header: Int, style: SplitStyle, quickAck: Bool, direct: Bool, sequence: inout UInt64, verify: Bool, errors: inout Int,
        recorder: inout RoundTripCounts, start: UInt64, deadline: UInt64, limit: Int, roundTrips: inout Int, end: inout UInt64
    ) throws(SyscallError) {
        #if SOCKBENCH_TRIAL_SLOWDOWN
        var mark = start
        #endif
        while roundTrips < limit && end < deadline {
            let sent = MonotonicClock.nanoseconds()
            try exchange(
                &channel, out, back, size, reply, header: header, style: style, quickAck: quickAck, direct: direct, sequence: sequence, verify: verify,
                errors: &errors
            )
            end = MonotonicClock.nanoseconds()
            recorder.record(end &- sent)
            sequence &+= 1
            roundTrips &+= 1
            #if SOCKBENCH_TRIAL_SLOWDOWN
            TrialSlowdown.spin(since: &mark)
            end = mark
            #endif
        }
    }

    // `always`, not `__always`: the optimizer treats `__always` as a hint and, past a size budget,
    // left the measured loop's copy out of line (+18 instructions per call, callgrind).
    @inline(always)
    private static func exchange(
        _ channel: inout Channel, _ out: UnsafeMutableRawPointer, _ back: UnsafeMutableRawPointer, _ size: Int, _ reply: Int,
        header: Int, style: SplitStyle, quickAck: Bool, direct: Bool = false, sequence: UInt64, verify: Bool, errors: inout Int
    ) throws(SyscallError) {
        if verify { Payload.fill(out, count: size, sequence: sequence) }
        try SplitWrite.send(&channel, out, size, header: header, style: style, direct: direct)
        switch try channel.receiveMessage(back, reply, quickAck: quickAck, direct: direct) {
        case .bytes(let received):
            if received != reply { throw Channel.wrongSize(received, expected: reply, of: "reply") }
        case .endOfStream:
            throw Channel.closed("server closed during the run")
        case .timedOut:
            throw Channel.silent("no echo (a lost datagram or a stalled server)")
        }
        // The reply starts with the request (the server replies from the buffer it received into).
        if verify && !Payload.matches(back, count: min(size, reply), sequence: sequence) { errors &+= 1 }
    }

    /// Runs the server: reads each whole request and sends a `job.replyBytes` reply from the same
    /// buffer (which holds at least that many bytes), until the client ends the run.
    public static func runServer(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        let size = job.sizeBytes
        let reply = job.replyBytes
        let base = buffer.baseAddress!
        let header = job.replyWrites == 2 ? SplitWrite.headerBytes(messageBytes: reply) : 0
        let style = job.splitStyle
        let quickAck = job.quickAck
        let cpuStart = CPUUsage.current()
        let start = MonotonicClock.nanoseconds()
        // The plain echo on a socket gets its own copy of the loop: a literal 0 for whole writes
        // folds the split-write branch out, `direct` the pipe and io_uring branches, and passing
        // `size` as the reply leaves one length live in the loop instead of two. The other shapes
        // (and pipes, io_uring) run out of line (`serveShaped`).
        var messages = 0
        if header == 0 && reply == size && !quickAck && channel.isDirect {
            try serve(&channel, base, size, size, header: 0, style: .plain, quickAck: false, direct: true, messages: &messages)
        } else {
            try serveShaped(&channel, base, size, reply, header: header, style: style, quickAck: quickAck, messages: &messages)
        }
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = MonotonicClock.nanoseconds() &- start
        result.messages = messages
    }

    /// Replies of another size, written in two pieces or with quick ACKs: out of line, so that the plain echo's
    /// loop is the only one `runServer` holds (two more inlined copies cost it one instruction per
    /// message in register spills, callgrind).
    @inline(never)
    private static func serveShaped(
        _ channel: inout Channel, _ base: UnsafeMutableRawPointer, _ size: Int, _ reply: Int, header: Int, style: SplitStyle, quickAck: Bool,
        messages: inout Int
    ) throws(SyscallError) {
        if header != 0 || quickAck {
            try serve(&channel, base, size, reply, header: header, style: style, quickAck: quickAck, direct: false, messages: &messages)
        } else {
            try serve(&channel, base, size, reply, header: 0, style: .plain, quickAck: false, direct: false, messages: &messages)
        }
    }

    /// The echo loop: each whole request answered with `reply` bytes, until the client ends the run.
    @inline(always)
    private static func serve(
        _ channel: inout Channel, _ base: UnsafeMutableRawPointer, _ size: Int, _ reply: Int, header: Int, style: SplitStyle, quickAck: Bool,
        direct: Bool, messages: inout Int
    ) throws(SyscallError) {
        loop: while true {
            switch try channel.receiveMessage(base, size, quickAck: quickAck, direct: direct) {
            case .bytes:
                try SplitWrite.send(&channel, base, reply, header: header, style: style, direct: direct)
                messages &+= 1
            case .endOfStream:
                break loop
            case .timedOut:
                throw Channel.silent("client silent during the run")
            }
        }
    }
}

/// How a sender tells its peer that the run is over.
enum Ending {
    /// Byte streams and seqpacket: shut down the write side (the peer reads EOF). Datagrams: a few
    /// zero-length datagrams, since UDP may drop one; the receiver also ends after an idle timeout.
    static func send(_ channel: inout Channel) throws(SyscallError) {
        if channel.transport.isDatagram {
            var byte: UInt8 = 0
            for _ in 0..<3 {
                MonotonicClock.sleep(nanoseconds: 2_000_000)
                _ = try? Sys.send(channel.fd, &byte, 0)
            }
        } else {
            try channel.shutdownWrite()
        }
    }
}

/// Round-trip times counted in the bucket layout of `Histogram.roundTrip()` (HdrHistogram, 1 ns to
/// 60 s, 3 significant digits), in a buffer allocated before the clock starts.
///
/// Why not `Histogram.record` in the loop: the optimizer does not inline its index math into the
/// loop, so each round trip paid two out-of-line calls, a 64-byte struct copy and a copy-on-write
/// uniqueness check (about 70 instructions, callgrind). This is the same arithmetic, inlined; the
/// histogram is built from the counts after the measured part, with the exact minimum and maximum.
struct RoundTripCounts: ~Copyable {
    /// Counters of `Histogram.roundTrip()`: (26 buckets + 1) × 1024 half-buckets.
    static let length = 27_648
    let counts: UnsafeMutablePointer<UInt64>
    private(set) var minimum: UInt64 = .max
    private(set) var maximum: UInt64 = 0
    /// Values past the last counter (2^36 ns, about 69 s), counted, never dropped silently.
    private(set) var outOfRange = 0

    init() {
        counts = .allocate(capacity: Self.length)
        counts.initialize(repeating: 0, count: Self.length)
    }

    deinit { counts.deallocate() }

    /// The counter of `value`: unit magnitude 0, 2048 sub-buckets; nil past the last counter.
    @inline(__always)
    static func index(of value: UInt64) -> Int? {
        let bucket = 53 &- (value | 2047).leadingZeroBitCount
        let index = (bucket &+ 1) << 10 &+ Int(truncatingIfNeeded: value >> UInt64(bucket)) &- 1024
        return index < length ? index : nil
    }

    /// The lowest value whose counter is `index` (HdrHistogram's valueFromIndex).
    static func value(at index: Int) -> UInt64 {
        var bucket = (index >> 10) - 1
        var sub = (index & 1023) + 1024
        if bucket < 0 {
            sub -= 1024
            bucket = 0
        }
        return UInt64(sub) << UInt64(bucket)
    }

    @inline(__always)
    mutating func record(_ value: UInt64) {
        guard let index = Self.index(of: value) else {
            outOfRange &+= 1
            return
        }
        counts[index] &+= 1
        if value > maximum { maximum = value }
        if value != 0 && value < minimum { minimum = value }
    }

    /// The counts as a histogram: each counter at its lowest value, except one sample each at the
    /// exact minimum and maximum, so min and max stay exact.
    func histogram() -> Histogram<UInt64> {
        Self.histogram(counts: UnsafeBufferPointer(start: counts, count: Self.length), minimum: minimum, maximum: maximum)
    }

    static func histogram(counts: UnsafeBufferPointer<UInt64>, minimum: UInt64, maximum: UInt64) -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>.roundTrip()
        let minimumIndex = index(of: minimum)
        let maximumIndex = index(of: maximum)
        for index in counts.indices where counts[index] > 0 {
            var count = counts[index]
            if index == minimumIndex { histogram.record(minimum); count -= 1 }
            if index == maximumIndex && count > 0 && maximum != minimum { histogram.record(maximum); count -= 1 }
            if count > 0 { histogram.record(value(at: index), count: count) }
        }
        return histogram
    }
}

import Glibc

/// Open-loop request/response (`--pattern rr`): the client sends requests on `Pacer`'s schedule
/// without waiting for replies, and times each round trip from the request's intended send time, so
/// a stall of either end counts against every request scheduled during it. It needs no shared clock
/// (both times are the client's). The server is the ping-pong echo loop.
///
/// One thread does both directions: between slots it takes whatever replies have arrived
/// (MSG_DONTWAIT), and a send that would block drains replies first, so client and server can never
/// both wait on full buffers. Far from a slot it waits in poll(2) (millisecond resolution), then spins.
public enum OpenLoopRR {
    public static func runClient(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer,
        echo: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        var state = State(
            fd: channel.fd, size: job.sizeBytes, replySize: job.replyBytes,
            header: job.writes == 2 ? SplitWrite.headerBytes(messageBytes: job.sizeBytes) : 0,
            out: buffer.baseAddress!, back: echo.baseAddress!
        )
        let pacer = Pacer(start: MonotonicClock.nanoseconds(), ratePerSecond: job.ratePerSecond ?? 1, burst: job.burst)
        state.measuredFrom = pacer.start &+ job.warmupNanoseconds
        Payload.fill(state.out, count: state.size, sequence: 0)
        let (deadline, limit): (UInt64, Int)
        switch job.extent {
        case .duration(let nanoseconds):
            (deadline, limit) = (state.measuredFrom &+ nanoseconds, .max)
            state.latencies.begin(at: state.measuredFrom, span: nanoseconds)
        case .count(let count): (deadline, limit) = (.max, count)
        }
        var index: UInt64 = 0
        var due = pacer.slot(0)
        var measuredSent = 0
        var cpuStart = CPUUsage()
        while due < deadline && measuredSent < limit {
            let now = MonotonicClock.nanoseconds()
            if now >= deadline { break }  // behind schedule at the end: the backlog shows as a shortfall
            if now >= due {
                if now >= state.measuredFrom {
                    if measuredSent == 0 { cpuStart = CPUUsage.current() }
                    measuredSent &+= 1
                }
                PacedHeader.write(state.out, sequence: index, intended: due, actual: now)
                try state.sendRequest()
                index &+= 1
                due = pacer.slot(index)
                continue
            }
            if try state.takeReplies() { continue }
            let wait = due &- now
            if wait > 2_000_000 { _ = try Sys.pollOne(state.fd, events: Int16(POLLIN), timeoutMilliseconds: Int32((wait - 1_000_000) / 1_000_000)) }
        }
        // Collect the outstanding replies; a lost datagram must not hold the run past the idle timeout.
        var lastProgress = MonotonicClock.nanoseconds()
        let patience = min(job.idleTimeoutNanoseconds, 1_000_000_000)
        while state.replies < index {
            if try state.takeReplies() {
                lastProgress = MonotonicClock.nanoseconds()
                continue
            }
            if MonotonicClock.nanoseconds() &- lastProgress > patience { break }
            _ = try Sys.pollOne(state.fd, events: Int16(POLLIN), timeoutMilliseconds: 10)
        }
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = state.lastMeasured > state.measuredFrom ? state.lastMeasured &- state.measuredFrom : 0
        result.messages = state.measuredReplies
        state.latencies.report(into: &result, intendedTimes: \.histogram)
        result.lastSequenceSent = index &- 1
        try Ending.send(&channel)
    }

    /// The client's buffers and counters; `back` collects a reply across partial reads.
    private struct State: ~Copyable {
        let fd: Int32
        let size: Int
        /// Bytes of each reply (`--reply-size`; the request's size unless set): the server answers from
        /// the buffer it received into, so a reply starts with the request's timing header.
        let replySize: Int
        /// `--writes 2`: bytes of the request's first send() (its header); 0 sends it whole.
        let header: Int
        let out: UnsafeMutableRawPointer
        let back: UnsafeMutableRawPointer
        var offset = 0
        var replies: UInt64 = 0
        var measuredReplies = 0
        var measuredFrom: UInt64 = 0
        var lastMeasured: UInt64 = 0
        /// The measured round trips (one window for a count extent).
        var latencies = PacedLatencies(span: .max)

        /// Sends one whole request (a header send, then the body, with `--writes 2`); while the
        /// socket is full, takes replies so the server can go on.
        @inline(__always)
        mutating func sendRequest() throws(SyscallError) {
            var sent = 0
            while sent < size {
                // A send never crosses the header's end, so a split request is two send() calls.
                let end = sent < header ? header : size
                if let count = try Sys.send(fd, out + sent, end &- sent, flags: Int32(MSG_DONTWAIT)) {
                    sent &+= count
                } else if try !takeReplies() {
                    _ = try Sys.pollOne(fd, events: Int16(POLLIN | POLLOUT), timeoutMilliseconds: 10)
                }
            }
        }

        /// Takes every reply that has arrived, without blocking; true if any byte came.
        @inline(__always)
        mutating func takeReplies() throws(SyscallError) -> Bool {
            var progressed = false
            while let count = try Sys.recv(fd, back + offset, replySize &- offset, flags: Int32(MSG_DONTWAIT)) {
                if count == 0 { throw Channel.closed("server closed during the run") }
                progressed = true
                offset &+= count
                if offset < replySize { continue }
                offset = 0
                let now = MonotonicClock.nanoseconds()
                replies &+= 1
                let sentAt = PacedHeader.actual(back)
                guard sentAt >= measuredFrom else { continue }
                latencies.record(at: now, due: PacedHeader.intended(back), sentAt: sentAt)
                measuredReplies &+= 1
                lastMeasured = now
            }
            return progressed
        }
    }
}

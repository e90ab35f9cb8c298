/// A one-way stream at a fixed offered rate (`--rate`), measuring one-way latency on the receiver.
///
/// The sender follows `Pacer`'s schedule and writes `PacedHeader` (sequence, intended and actual
/// send time) into every message; it never skips a slot, so a stall is followed by a burst that is
/// part of the measurement. The receiver records receive time − intended send time (free of
/// coordinated omission: a stall delays every message scheduled during it) and receive time − actual
/// send time. Both ends run on one host and read the same CLOCK_MONOTONIC.
///
/// The measured window is one of clock time, [schedule start + warmup, + duration), and a message
/// belongs to it by its actual send time, which both ends read from the header. Classifying by the
/// intended time instead loses a sender that falls behind: its backlog of warmup slots fills the
/// measured window, and at twice its capacity nothing it sends is ever "measured".
///
/// Message sizes come from a `SizeTable`: one size, or `--size-dist`'s drawn sizes (one more load
/// per message, next to a clock read and a wait for the slot).
public enum PacedStream {
    /// Sends the warmup slots, then the measured ones, on one unbroken schedule; then ends the run.
    public static func runSender(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        let sizes = SizeTable(job)
        let base = buffer.baseAddress!
        let verify = job.verify
        Payload.fill(base, count: sizes.largest, sequence: 0)
        let pacer = Pacer(start: MonotonicClock.nanoseconds(), ratePerSecond: job.ratePerSecond ?? 1, burst: job.burst)
        var index: UInt64 = 0
        var due = pacer.slot(0)
        let measuredFrom = pacer.start &+ job.warmupNanoseconds
        // Each phase ends at its slot or on the clock, whichever comes first: a sender that cannot
        // keep up must not stretch the run (the unsent backlog shows as achieved < offered).
        while due < measuredFrom {
            guard try sendOne(&channel, base, sizes[index], sequence: index, due: due, before: measuredFrom, verify: verify) else { break }
            index &+= 1
            due = pacer.slot(index)
        }

        let cpuStart = CPUUsage.current()
        var messages = 0
        let deadline: UInt64
        let limit: Int
        switch job.extent {
        case .duration(let nanoseconds): (deadline, limit) = (measuredFrom &+ nanoseconds, .max)
        case .count(let count): (deadline, limit) = (.max, count)
        }
        while messages < limit && due < deadline {
            guard try sendOne(&channel, base, sizes[index], sequence: index, due: due, before: deadline, verify: verify) else { break }
            index &+= 1
            messages &+= 1
            due = pacer.slot(index)
        }
        let end = MonotonicClock.nanoseconds()
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = end > measuredFrom ? end &- measuredFrom : 0
        result.messages = messages
        if job.transport.isDatagram { result.lastSequenceSent = index &- 1 }
        try Ending.send(&channel)
    }

    /// Sends slot `sequence` once it is due, if the clock is still before `limit` (the end of the
    /// phase); false when it is not, and nothing was sent.
    @inline(__always)
    private static func sendOne(
        _ channel: inout Channel, _ base: UnsafeMutableRawPointer, _ size: Int, sequence: UInt64, due: UInt64, before limit: UInt64, verify: Bool
    ) throws(SyscallError) -> Bool {
        if verify { Payload.fill(base, count: size, sequence: sequence, from: PacedHeader.bytes) }
        Pacer.wait(until: due)
        let now = MonotonicClock.nanoseconds()
        if now >= limit { return false }
        PacedHeader.write(base, sequence: sequence, intended: due, actual: now)
        try channel.sendAll(base, size)
        return true
    }

    /// Receives until the sender ends the run. A message is measured when its actual send time is at
    /// least `warmup` after the schedule's start (slot 0's intended time, recovered from any message's
    /// sequence and intended time, so a lost first datagram does not move the window).
    /// Latency from the intended send time also goes into one of `WindowedCounts.count` windows of
    /// a `.duration` extent (by actual send time): a backlog that grows shows as the second half
    /// running later than the first, a stall as one window, at the cost of one more counter increment.
    public static func runReceiver(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        let (_, base, datagram, verify) = job.streamMessages(buffer)
        let sizes = SizeTable(job)
        var tracker = SequenceTracker()
        var verifyErrors = 0
        var measuredFrom: UInt64 = .max
        // The sender's schedule with its start at 0: slot(i) is slot i's offset from slot 0.
        let schedule = Pacer(start: 0, ratePerSecond: job.ratePerSecond ?? 1, burst: job.burst)
        var latencies: PacedLatencies
        switch job.extent {
        case .duration(let nanoseconds): latencies = PacedLatencies(span: nanoseconds)
        case .count: latencies = PacedLatencies(span: .max)  // no known end: every message counts as the first window
        }
        var measuring = false
        var cpuStart = CPUUsage()
        var last: UInt64 = 0
        var messages = 0
        var received: UInt64 = 0
        var bytes = 0
        // Datagrams: the end markers may all have been dropped; once measuring, the silence ends the run.
        while let size = try channel.receiveDrawnStreamMessage(base, sizes: sizes.draws, index: received, numbered: datagram, silenceEnds: datagram && measuring) {
            let now = MonotonicClock.nanoseconds()
            received &+= 1
            let intended = PacedHeader.intended(base)
            let actual = PacedHeader.actual(base)
            if measuredFrom == .max {
                let scheduleStart = intended &- schedule.slot(PacedHeader.sequence(base))
                measuredFrom = scheduleStart &+ job.warmupNanoseconds
                latencies.begin(at: measuredFrom)
            }
            if actual < measuredFrom { continue }
            if !measuring {
                measuring = true
                cpuStart = CPUUsage.current()
            }
            latencies.record(at: now, due: intended, sentAt: actual)
            last = now
            messages &+= 1
            bytes &+= size
            if datagram { tracker.record(PacedHeader.sequence(base)) }
            if verify && !Payload.matches(base, count: size, sequence: PacedHeader.sequence(base), from: PacedHeader.bytes) {
                verifyErrors &+= 1
            }
        }
        result.cpu = measuring ? CPUUsage.current() - cpuStart : CPUUsage()
        result.elapsedNanoseconds = measuring && last > measuredFrom ? last &- measuredFrom : 0
        if datagram {
            result.sequence = tracker.report
            result.messages = tracker.report.uniqueReceived
        } else {
            result.messages = messages
        }
        result.verifyErrors = verifyErrors
        if job.sizeDistribution != nil { result.payloadBytes = bytes }
        latencies.report(into: &result, intendedTimes: \.oneWay)
    }
}

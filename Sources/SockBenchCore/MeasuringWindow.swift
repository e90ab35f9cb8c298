/// One measured interval of a loop: the thread's CPU usage and the clock at its start, and where
/// the extent ends it (a deadline for a duration, a message count for a count; the other bound is
/// open). Read once before the measured loop, so the loop compares two integers per message.
struct MeasuringWindow {
    let cpuStart: CPUUsage
    /// CLOCK_MONOTONIC, ns.
    let start: UInt64
    /// CLOCK_MONOTONIC, ns; `.max` for a count.
    let deadline: UInt64
    /// Messages (or round trips, transactions); `.max` for a duration.
    let limit: Int

    /// Opens the window now: reads the CPU usage, then the clock.
    @inline(__always)
    init(_ extent: Extent) {
        cpuStart = CPUUsage.current()
        start = MonotonicClock.nanoseconds()
        (deadline, limit) = Self.bounds(extent, from: start)
    }

    /// Opens the window at `start`, a clock reading the loop already took; reads the CPU usage now.
    @inline(__always)
    init(_ extent: Extent, start: UInt64) {
        cpuStart = CPUUsage.current()
        self.start = start
        (deadline, limit) = Self.bounds(extent, from: start)
    }

    @inline(__always)
    static func bounds(_ extent: Extent, from start: UInt64) -> (deadline: UInt64, limit: Int) {
        switch extent {
        case .duration(let nanoseconds): (start &+ nanoseconds, .max)
        case .count(let count): (.max, count)
        }
    }

    /// Fills what every loop reports: the CPU time since the start, the interval up to `end` and
    /// the `messages` counted in it.
    func close(_ result: inout WorkerResult, end: UInt64, messages: Int) {
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = end &- start
        result.messages = messages
    }
}

extension MeasuringWindow {
    /// A sender's whole run (`stream` over a socket, a pipe or the shared ring): `send(sequence)`
    /// for the warmup, then for the measured extent, sequences counting on from the warmup's. A
    /// duration reads the clock after each message; a count reads it once at the end. Fills the
    /// CPU time, the interval and the message count; returns the next sequence number.
    @inline(__always)
    static func runSender(_ job: WorkerJob, result: inout WorkerResult, _ send: (UInt64) throws(SyscallError) -> Void) throws(SyscallError) -> UInt64 {
        var sequence: UInt64 = 0
        let warmupEnd = MonotonicClock.nanoseconds() &+ job.warmupNanoseconds
        while MonotonicClock.nanoseconds() < warmupEnd {
            try send(sequence)
            sequence &+= 1
        }
        let window = MeasuringWindow(job.extent)
        var end = window.start
        // The sequence number is the one counter: the messages are how far it moved.
        let first = sequence
        if window.limit == .max {
            #if SOCKBENCH_TRIAL_SLOWDOWN
            var mark = window.start
            #endif
            while end < window.deadline {
                try send(sequence)
                sequence &+= 1
                end = MonotonicClock.nanoseconds()
                #if SOCKBENCH_TRIAL_SLOWDOWN
                TrialSlowdown.spin(since: &mark)
                end = mark
                #endif
            }
        } else {
            let last = first &+ UInt64(window.limit)
            while sequence < last {
                try send(sequence)
                sequence &+= 1
            }
            end = MonotonicClock.nanoseconds()
        }
        window.close(&result, end: end, messages: Int(truncatingIfNeeded: sequence &- first))
        return sequence
    }
}

extension MeasuringWindow {
    /// A stream receiver's whole run: everything up to `warmup` after the first message is the
    /// warmup; the message that ends it is the boundary (not counted), and the measured interval
    /// runs from it to the last message before the end of the stream. `receive(index, measuring)`
    /// takes message `index` (its number since the first) whole and returns false at the end of the
    /// stream (during the warmup it throws instead); `take(index, measuring)` checks the message
    /// just received; `boundary()` runs once, between the two. Fills the CPU time, the interval and
    /// the message count.
    @inline(__always)
    static func runReceiver(
        _ job: WorkerJob, result: inout WorkerResult,
        receive: (_ index: UInt64, _ measuring: Bool) throws(SyscallError) -> Bool,
        take: (_ index: UInt64, _ measuring: Bool) -> Void,
        boundary: () -> Void
    ) throws(SyscallError) {
        var index: UInt64 = 0
        var phaseEnd: UInt64 = .max
        var now: UInt64 = 0
        while now < phaseEnd {
            _ = try receive(index, false)
            now = MonotonicClock.nanoseconds()
            if phaseEnd == .max { phaseEnd = now &+ job.warmupNanoseconds }
            take(index, false)
            index &+= 1
        }
        boundary()
        let cpuStart = CPUUsage.current()
        var last = now
        var messages = 0
        while try receive(index, true) {
            last = MonotonicClock.nanoseconds()
            messages &+= 1
            take(index, true)
            index &+= 1
        }
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = last &- now
        result.messages = messages
    }
}

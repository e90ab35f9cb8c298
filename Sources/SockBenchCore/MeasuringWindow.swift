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

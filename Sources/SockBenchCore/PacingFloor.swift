import Histogram

/// The machine's own lateness on a paced schedule, with no socket (like cyclictest): the control of
/// `sockbench load`. It follows `Pacer`'s schedule exactly as a paced sender does — sleep, spin,
/// never skip a slot — and records how late each wake-up was, so a stall of the machine shows here
/// as it shows in the transport's latency from the intended send time.
public enum PacingFloor {
    /// Wakes for every slot at `ratePerSecond` for `warmupNanoseconds`, then for
    /// `durationNanoseconds` records wake-up time − slot time (ns), whole and in the windows a paced
    /// receiver uses (`WindowedCounts`, by slot time). Allocates only before the clock starts.
    public static func measure(
        ratePerSecond: Int, warmupNanoseconds: UInt64, durationNanoseconds: UInt64
    ) -> (whole: Histogram<UInt64>, windows: [Histogram<UInt64>]) {
        var lateness = RoundTripCounts()
        let pacer = Pacer(start: MonotonicClock.nanoseconds(), ratePerSecond: ratePerSecond)
        let measuredFrom = pacer.start &+ warmupNanoseconds
        var windows = WindowedCounts(start: measuredFrom, span: durationNanoseconds)
        let deadline = measuredFrom &+ durationNanoseconds
        var index: UInt64 = 0
        var due = pacer.slot(0)
        while due < deadline {
            Pacer.wait(until: due)
            let now = MonotonicClock.nanoseconds()
            if due >= measuredFrom {
                let late = now > due ? now &- due : 0
                lateness.record(late)
                windows.record(late, sentAt: due)
            }
            // Behind schedule at the end, as the sender would be: stop on the clock, not the slot.
            if now >= deadline { break }
            index &+= 1
            due = pacer.slot(index)
        }
        return (lateness.histogram(), windows.histograms())
    }
}

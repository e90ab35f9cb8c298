#if SOCKBENCH_TRIAL_SLOWDOWN
/// For `Benchmarks/ci-gate-trials.sh` only, compiled in with `-Xswiftc -DSOCKBENCH_TRIAL_SLOWDOWN`
/// and never in a normal build: makes the Swift ping-pong client and stream sender 10% slower per
/// message, so the trials can show that `check --normalize` catches such a regression while the C
/// control loops, untouched, keep measuring the machine.
enum TrialSlowdown {
    /// Spins a ninth of the time since `mark`, so each iteration takes 10/9 as long (rate −10%).
    @inline(__always)
    static func spin(since mark: inout UInt64) {
        let now = MonotonicClock.nanoseconds()
        let until = now &+ (now &- mark) / 9
        while MonotonicClock.nanoseconds() < until {}
        mark = MonotonicClock.nanoseconds()
    }
}
#endif

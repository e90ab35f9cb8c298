import SockBenchCore
import SockBenchModel

/// The floor of `load`: the pacing schedule with no socket, run in the coordinator process, pinned
/// (for the duration of the control only) to the core the paced sender is pinned to, so it meets
/// the same core's stalls. The coordinator is idle between measurements, so running the control
/// there costs no extra worker protocol and never overlaps a measurement.
struct PacingControl {
    let core: Int?
    let warmupNanoseconds: UInt64
    let durationNanoseconds: UInt64?

    /// The pacing loop has nothing to warm but the clock and its counters: a short warmup suffices.
    static let warmupNanoseconds: UInt64 = 10_000_000

    init(core: Int?, settings: MeasurementSettings) throws(SyscallError) {
        self.core = core
        warmupNanoseconds = min(settings.warmupNanoseconds, Self.warmupNanoseconds)
        if case .duration(let nanoseconds) = settings.extent { durationNanoseconds = nanoseconds } else { durationNanoseconds = nil }
        if core != nil { try Sys.rememberAffinity() }
    }

    /// The floor at `ratePerSecond` (wake-up lateness, µs, whole and per window), as long as a step's
    /// measured interval; nil for a count extent (no fixed duration to match) or if pinning failed.
    func measure(ratePerSecond: Int) -> WindowedLatency? {
        guard let durationNanoseconds else { return nil }
        if let core {
            do { try Sys.pinToCPU(core) } catch { return nil }
        }
        defer { if core != nil { try? Sys.unpin() } }
        let (whole, windows) = PacingFloor.measure(ratePerSecond: ratePerSecond, warmupNanoseconds: warmupNanoseconds, durationNanoseconds: durationNanoseconds)
        guard whole.totalCount > 0 else { return nil }
        return WindowedLatency(whole: RoundTripSummary(whole), windows: windows.filter { $0.totalCount > 0 }.map(RoundTripSummary.init))
    }
}

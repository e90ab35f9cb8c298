import CSockBenchLoops
import Glibc

extension Sys {
    /// Sleeps until CLOCK_MONOTONIC reaches `deadline` (ns). clock_nanosleep returns its error
    /// number instead of setting errno; EINTR only means "sleep again" for an absolute deadline.
    @inline(never)
    public static func sleep(untilMonotonic deadline: UInt64) {
        var target = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, nil) == EINTR {}
    }
}

/// The fixed-rate schedule of a paced sender: slot `i` is due at `start + i * 10^9 / rate` ns,
/// computed from `i` each time so rounding never accumulates.
///
/// Waiting sleeps until `spinNanoseconds` before the slot and spins the rest: a timer wake-up on a
/// VM is late, sometimes by milliseconds, so a pure sleep would send messages late; the spin costs
/// CPU (a whole core at rates above 1 / spinNanoseconds), which the CPU columns show.
/// A slot that is already due is not waited for: a sender that fell behind catches up at once and
/// never skips a slot.
public struct Pacer {
    public let start: UInt64
    public let ratePerSecond: UInt64
    /// `--burst`: messages due together; slot i is due when slot i - i mod burst is, so the offered
    /// rate stays `ratePerSecond` and only its burstiness changes.
    public let burst: UInt64
    /// How long before a slot the sender stops sleeping and starts spinning.
    public static let spinNanoseconds = UInt64(CSBL_PACER_SPIN_NS)

    public init(start: UInt64, ratePerSecond: Int, burst: Int = 1) {
        self.start = start
        self.ratePerSecond = UInt64(max(1, ratePerSecond))
        self.burst = UInt64(max(1, burst))
    }

    /// When slot `index` is due (ns, CLOCK_MONOTONIC).
    @inline(__always)
    public func slot(_ index: UInt64) -> UInt64 {
        let index = index &- index % burst
        // Split so index * 10^9 cannot overflow within any run length.
        let whole = index / ratePerSecond
        let rest = index % ratePerSecond
        return start &+ whole &* 1_000_000_000 &+ rest &* 1_000_000_000 / ratePerSecond
    }

    /// Returns once `due` has come; at once when it already has.
    @inline(__always)
    public static func wait(until due: UInt64) {
        var now = MonotonicClock.nanoseconds()
        if now >= due { return }
        if due &- now > spinNanoseconds {
            Sys.sleep(untilMonotonic: due &- spinNanoseconds)
            now = MonotonicClock.nanoseconds()
        }
        while now < due { now = MonotonicClock.nanoseconds() }
    }
}

/// The header of a paced message: sequence number, intended and actual send time (ns,
/// CLOCK_MONOTONIC), each 8 bytes little-endian. The receiver of a one-way stream reads the times
/// to compute one-way latency; an open-loop request/response client reads them from the echo.
public enum PacedHeader {
    public static let bytes = 24

    @inline(__always)
    static func write(_ buffer: UnsafeMutableRawPointer, sequence: UInt64, intended: UInt64, actual: UInt64) {
        buffer.storeBytes(of: sequence.littleEndian, as: UInt64.self)
        buffer.storeBytes(of: intended.littleEndian, toByteOffset: 8, as: UInt64.self)
        buffer.storeBytes(of: actual.littleEndian, toByteOffset: 16, as: UInt64.self)
    }

    @inline(__always)
    static func sequence(_ buffer: UnsafeRawPointer) -> UInt64 { UInt64(littleEndian: buffer.loadUnaligned(as: UInt64.self)) }
    @inline(__always)
    static func intended(_ buffer: UnsafeRawPointer) -> UInt64 { UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
    @inline(__always)
    static func actual(_ buffer: UnsafeRawPointer) -> UInt64 { UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: 16, as: UInt64.self)) }
}

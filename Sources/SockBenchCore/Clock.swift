import CSockBench
import Glibc

/// CLOCK_MONOTONIC in nanoseconds (a vDSO call, no syscall, no allocation).
public enum MonotonicClock {
    @inline(__always)
    public static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    /// Sleeps the calling thread (used between runs, never inside a measured loop).
    public static func sleep(nanoseconds: UInt64) {
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 { request = remaining }
    }
}

/// CPU time and context switches of the calling thread (getrusage RUSAGE_THREAD).
public struct CPUUsage: Codable, Sendable, Hashable {
    public var userMicroseconds: Int64
    public var systemMicroseconds: Int64
    public var voluntarySwitches: Int64
    public var involuntarySwitches: Int64

    public init(userMicroseconds: Int64 = 0, systemMicroseconds: Int64 = 0, voluntarySwitches: Int64 = 0, involuntarySwitches: Int64 = 0) {
        self.userMicroseconds = userMicroseconds
        self.systemMicroseconds = systemMicroseconds
        self.voluntarySwitches = voluntarySwitches
        self.involuntarySwitches = involuntarySwitches
    }

    public static func current() -> CPUUsage {
        var usage = CPUUsage()
        _ = csb_thread_usage(&usage.userMicroseconds, &usage.systemMicroseconds, &usage.voluntarySwitches, &usage.involuntarySwitches)
        return usage
    }

    public var totalMicroseconds: Int64 { userMicroseconds + systemMicroseconds }
    public var contextSwitches: Int64 { voluntarySwitches + involuntarySwitches }

    public static func + (a: CPUUsage, b: CPUUsage) -> CPUUsage {
        CPUUsage(
            userMicroseconds: a.userMicroseconds + b.userMicroseconds,
            systemMicroseconds: a.systemMicroseconds + b.systemMicroseconds,
            voluntarySwitches: a.voluntarySwitches + b.voluntarySwitches,
            involuntarySwitches: a.involuntarySwitches + b.involuntarySwitches
        )
    }

    public static func - (a: CPUUsage, b: CPUUsage) -> CPUUsage {
        CPUUsage(
            userMicroseconds: a.userMicroseconds - b.userMicroseconds,
            systemMicroseconds: a.systemMicroseconds - b.systemMicroseconds,
            voluntarySwitches: a.voluntarySwitches - b.voluntarySwitches,
            involuntarySwitches: a.involuntarySwitches - b.involuntarySwitches
        )
    }
}

import Synchronization

/// Set from a signal handler; the matrix stops between measurements when it is set. The values are
/// atomics, so the handler and the threads that poll them need no lock (async-signal-safe).
public enum Interruption {
    private static let firstSignal = Atomic<Int32>(0)
    private static let repeatCount = Atomic<Int32>(0)

    /// The first SIGINT or SIGTERM received (0: none); the exit status is 128 + it.
    public static var signal: Int32 { firstSignal.load(ordering: .sequentiallyConsistent) }
    public static var requested: Bool { signal != 0 }

    /// Async-signal-safe. Records `signal` if it is the first; returns whether it was.
    public static func recordFirst(_ signal: Int32) -> Bool {
        firstSignal.compareExchange(expected: 0, desired: signal, ordering: .sequentiallyConsistent).exchanged
    }

    /// Async-signal-safe. Counts a signal after the first (a second Ctrl-C: the workers are already
    /// killed) and returns how many there have been.
    public static func recordRepeat() -> Int32 {
        repeatCount.wrappingAdd(1, ordering: .sequentiallyConsistent).newValue
    }

    /// Runs the one-time initialisation of what the signal handler touches, so the handler never
    /// does; call before installing it.
    public static func prepareForSignalHandler() {
        _ = firstSignal.load(ordering: .relaxed)
        _ = repeatCount.load(ordering: .relaxed)
        LiveWorkers.prepare()
    }
}

import Foundation
import SockBenchCore
import SockBenchModel

/// Set from a signal handler; the matrix stops between measurements when it is set.
public enum Interruption {
    /// The first SIGINT or SIGTERM received (0: none); the exit status is 128 + it.
    nonisolated(unsafe) public static var signal: Int32 = 0
    /// Signals received after the first (a second Ctrl-C): the workers are already killed.
    nonisolated(unsafe) public static var repeats: Int32 = 0
    public static var requested: Bool { signal != 0 }
}

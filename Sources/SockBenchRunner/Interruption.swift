import Foundation
import SockBenchCore
import SockBenchModel

/// Set from a signal handler; the matrix stops between measurements when it is set.
public enum Interruption {
    nonisolated(unsafe) public static var signal: Int32 = 0
    public static var requested: Bool { signal != 0 }
}

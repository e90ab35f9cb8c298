import Foundation

/// What tests read about other processes from /proc, so they wait for a state instead of a time.
public enum ProcessProbe {
    /// Whether process `pid` holds a socket. A worker holds one from setting up a measurement
    /// (the server's bound socket, the client's connected one) until it has sent its result, and
    /// none between measurements: its control channel is pipes.
    public static func holdsSocket(_ pid: pid_t) -> Bool {
        let directory = "/proc/\(pid)/fd"
        guard let descriptors = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        return descriptors.contains { descriptor in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\(descriptor)"))?.hasPrefix("socket:") == true
        }
    }

    /// Polls `condition` every 10 ms until it holds or `seconds` pass; returns whether it held.
    @discardableResult
    public static func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if condition() { return true }
            if Date() >= deadline { return false }
            usleep(10_000)
        }
    }

    /// Waits (up to `seconds`) until every process of `pids` holds a socket: the workers of a
    /// measurement have set it up, and the coordinator starts them next.
    @discardableResult
    public static func waitUntilHoldingSockets(_ pids: [pid_t], seconds: Double = 10) -> Bool {
        !pids.isEmpty && waitUntil(seconds: seconds) { pids.allSatisfy(holdsSocket) }
    }
}

import Foundation

/// What tests read about other processes from /proc, so they wait for a state instead of a time.
public enum ProcessProbe {
    /// Whether process `pid` holds a socket of its own. After its hello a worker holds one from
    /// setting up a measurement (the server's bound socket, the client's connected one) until it has
    /// sent its result, and none between measurements: its control channel is pipes. A socket its
    /// parent holds too is not its own: the worker inherited it at spawn (a test runner's descriptor
    /// without close-on-exec passes on to the coordinator and its workers).
    public static func holdsSocket(_ pid: pid_t) -> Bool {
        let own = sockets(of: pid)
        guard !own.isEmpty else { return false }
        return !own.subtracting(parent(of: pid).map(sockets) ?? []).isEmpty
    }

    /// The sockets process `pid` has open, as /proc names them (`socket:[inode]`).
    public static func sockets(of pid: pid_t) -> Set<String> {
        let directory = "/proc/\(pid)/fd"
        guard let descriptors = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return Set(descriptors.compactMap { descriptor in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\(descriptor)")).flatMap { $0.hasPrefix("socket:") ? $0 : nil }
        })
    }

    /// The parent of process `pid` (field 4 of /proc/PID/stat), nil once it is gone.
    public static func parent(of pid: pid_t) -> pid_t? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
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

    /// Waits (up to `seconds`) until every process of `pids` holds a socket of its own: the workers
    /// of a measurement have set it up, and the coordinator starts them next.
    @discardableResult
    public static func waitUntilHoldingSockets(_ pids: [pid_t], seconds: Double = 10) -> Bool {
        !pids.isEmpty && waitUntil(seconds: seconds) { pids.allSatisfy(holdsSocket) }
    }
}

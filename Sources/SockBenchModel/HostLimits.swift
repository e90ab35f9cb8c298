import Foundation
import SockBenchCore

/// Kernel limits read from /proc/sys that change what a measurement can do.
public enum HostLimits {
    public static func sysctl(_ name: String) -> String? {
        let path = "/proc/sys/" + name.replacingOccurrences(of: ".", with: "/")
        return (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public static func sysctlInt(_ name: String) -> Int? { sysctl(name).flatMap { Int($0) } }

    /// Default send buffer a unix datagram must fit in (net.core.wmem_default).
    public static func unixDatagramDefaultLimit() -> Int { sysctlInt("net.core.wmem_default") ?? 212_992 }
}

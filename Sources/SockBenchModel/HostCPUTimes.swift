import Foundation

/// The whole machine's CPU time so far, from the first line of /proc/stat, in clock ticks: what
/// every process used (busy), what nobody used (idle) and what the hypervisor gave to other guests
/// while this one wanted to run (steal). Two readings tell how busy the machine was in between and
/// how much of it the hypervisor withheld, which decides whether figures can repeat.
public struct HostCPUTimes: Sendable, Hashable, Codable {
    public var busy: UInt64
    public var idle: UInt64
    public var steal: UInt64

    public var total: UInt64 { busy + idle + steal }

    /// Nil when /proc/stat cannot be read (not Linux, or a restricted container).
    public static func current() -> HostCPUTimes? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        return HostCPUTimes(procStat: text)
    }

    /// Parses the aggregate "cpu" line: user nice system idle iowait irq softirq steal …
    public init?(procStat text: String) {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard fields.count >= 8 else { return nil }
        busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6]
        idle = fields[3] + fields[4]
        steal = fields[7]
    }

    public init(busy: UInt64, idle: UInt64, steal: UInt64) {
        (self.busy, self.idle, self.steal) = (busy, idle, steal)
    }

    /// The shares of the machine's CPU time between `earlier` and this reading: busy (every
    /// process, this run's included) and stolen by the hypervisor. Nil when no tick passed.
    public func shares(since earlier: HostCPUTimes) -> (busy: Double, steal: Double)? {
        guard total > earlier.total, busy >= earlier.busy, steal >= earlier.steal else { return nil }
        let elapsed = Double(total - earlier.total)
        return (Double(busy - earlier.busy) / elapsed, Double(steal - earlier.steal) / elapsed)
    }
}

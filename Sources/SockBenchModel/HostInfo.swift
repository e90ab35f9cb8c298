import Foundation
import SockBenchCore

/// Facts about the machine a run was measured on, recorded in run.json so that runs from
/// different hosts, kernels or sysctls are never compared without a warning.
public struct HostInfo: Codable, Sendable, Hashable {
    public var hostname: String
    public var kernel: String
    public var cpuModel: String
    public var cores: Int
    public var memoryBytes: Int?
    public var sysctls: [String: String]
    public var virtualMachine: Bool
    /// The CPU frequency governor when cpufreq is visible ("performance", "powersave", ...).
    public var frequencyGovernor: String?
    /// The kernel's clock source (`tsc`, `kvm-clock`, ...); nil in runs recorded before it was.
    public var clockSource: String? = nil
    /// The cpuidle driver and governor ("haltpoll/haltpoll", "intel_idle/menu"); nil when the
    /// kernel shows none or in runs recorded before it was.
    public var idleDriver: String? = nil

    public static let sysctlNames = [
        "net.core.rmem_max", "net.core.wmem_max", "net.core.rmem_default", "net.core.wmem_default",
        "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem", "net.unix.max_dgram_qlen", "net.core.busy_poll",
        "net.core.busy_read",
        "net.core.somaxconn", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_tw_reuse",
        // Defaults of --keepalive's timers, and the option memory MSG_ZEROCOPY's notifications are charged to.
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes", "net.core.optmem_max",
    ]

    public static func current() -> HostInfo {
        var name = utsname()
        uname(&name)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let memory = meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
            .flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") }.map { $0 * 1024 }
        var sysctls: [String: String] = [:]
        for key in sysctlNames { sysctls[key] = HostLimits.sysctl(key) ?? "" }
        let hypervisor = cpuinfo.contains(" hypervisor")
        let governor = (try? String(contentsOfFile: "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var info = HostInfo(
            hostname: field(name.nodename), kernel: "\(field(name.sysname)) \(field(name.release))",
            cpuModel: model, cores: Sys.usableCPUs().count, memoryBytes: memory,
            sysctls: sysctls, virtualMachine: hypervisor, frequencyGovernor: governor
        )
        func line(_ path: String) -> String? {
            (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        info.clockSource = line("/sys/devices/system/clocksource/clocksource0/current_clocksource")
        if let driver = line("/sys/devices/system/cpu/cpuidle/current_driver") {
            info.idleDriver = [driver, line("/sys/devices/system/cpu/cpuidle/current_governor_ro")].compactMap { $0 }.joined(separator: "/")
        }
        return info
    }

    /// The 1-minute load average.
    public static func loadAverage() -> Double? {
        let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)
        return text?.split(separator: " ").first.flatMap { Double($0) }
    }
}

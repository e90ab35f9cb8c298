import Foundation
import SockBenchCore
import SockBenchModel

/// Kernel-wide counters read around a measurement.
public enum KernelCounters {
    /// `Udp: RcvbufErrors` (or `Udp6: Udp6RcvbufErrors`) from /proc/net/snmp(6): datagrams the
    /// kernel dropped because a receive buffer was full. System-wide, so other traffic adds to it.
    public static func udpReceiveBufferErrors(ipv6: Bool) -> Int? {
        if ipv6 {
            guard let text = try? String(contentsOfFile: "/proc/net/snmp6", encoding: .utf8) else { return nil }
            for line in text.split(separator: "\n") {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if fields.count == 2, fields[0] == "Udp6RcvbufErrors" { return Int(fields[1]) }
            }
            return nil
        }
        guard let text = try? String(contentsOfFile: "/proc/net/snmp", encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("Udp: ") }
        guard lines.count >= 2 else { return nil }
        let names = lines[0].split(separator: " ")
        let values = lines[1].split(separator: " ")
        guard let index = names.firstIndex(of: "RcvbufErrors"), index < values.count else { return nil }
        return Int(values[index])
    }
}

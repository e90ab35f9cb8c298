import Foundation
import SockBenchCore

/// Parses the quantities users type: byte counts (`64`, `4K`, `64KiB`, `1M`), durations
/// (`500ms`, `2s`, `1.5s`, `1m`) and percentages (`10%`). K/M/G and KiB/MiB/GiB are all powers of 1024, as socket
/// buffer and message sizes are. Errors say what was wrong and the accepted form.
public enum Quantities {
    public static let byteCountForm = "a positive byte count such as 64, 4K, 64KiB or 1M (K, M, G = 1024-based)"
    public static let durationForm = "a positive duration with a unit, such as 500ms, 2s or 1m (ns, us, ms, s, m)"

    public static func byteCount(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isNumber }
        guard !digits.isEmpty, let value = Int(digits) else { return nil }
        let unit = trimmed.dropFirst(digits.count).lowercased()
        let multiplier: Int
        switch unit {
        case "", "b": multiplier = 1
        case "k", "kb", "kib": multiplier = 1 << 10
        case "m", "mb", "mib": multiplier = 1 << 20
        case "g", "gb", "gib": multiplier = 1 << 30
        default: return nil
        }
        let (result, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : result
    }

    /// Nanoseconds, or nil when the text is not a finite, non-negative duration with a unit. A bare
    /// number has none (`200` read as seconds once made a 200 ms test take minutes); only `0` needs none.
    public static func duration(_ text: String) -> UInt64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        guard !number.isEmpty, let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let unit = trimmed.dropFirst(number.count)
        let scale: Double
        switch unit {
        case "ns": scale = 1
        case "us", "µs": scale = 1e3
        case "ms": scale = 1e6
        case "s": scale = 1e9
        case "" where value == 0: scale = 1
        case "m", "min": scale = 60e9
        default: return nil
        }
        let nanoseconds = value * scale
        guard nanoseconds < 86_400e9 else { return nil }
        return UInt64(nanoseconds)
    }

    /// For a bare number such as `200`: "'200' has no unit; write 200ms, 2s or 1m"; else nil.
    public static func missingDurationUnit(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed), value.isFinite, value > 0, trimmed.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
        return "'\(trimmed)' has no unit; write \(trimmed)ms, or seconds or minutes such as 2s or 1m"
    }

    /// A fraction from a percentage: "10%" → 0.1; nil unless finite and at least 0. Only the
    /// percent form is accepted, so 0.1 cannot be misread as 10% or 0.1%.
    public static func percentage(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("%"), let value = Double(trimmed.dropLast()), value.isFinite, value >= 0 else { return nil }
        return value / 100
    }

    /// `64`, `4KiB`, `1MiB`: the shortest exact spelling.
    public static func formatBytes(_ bytes: Int) -> String {
        if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30)GiB" }
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20)MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10)KiB" }
        return "\(bytes)B"
    }
}

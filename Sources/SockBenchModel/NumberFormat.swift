import Foundation

/// The one place numbers become text, for files and for people alike.
public enum NumberFormat {
    /// Fixed decimals, as the CSV files hold them; empty for a missing or non-finite value.
    public static func fixed(_ value: Double?, _ decimals: Int) -> String {
        guard let value, value.isFinite else { return "" }
        return String(format: "%.\(decimals)f", value)
    }

    /// One decimal from 100 up, four below: enough digits for a metric of any magnitude.
    public static func compact(_ value: Double) -> String {
        abs(value) >= 100 ? fixed(value, 1) : fixed(value, 4)
    }

    /// A count rounded to an integer with thin groups of three digits: `1 234 567`.
    public static func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()).magnitude)
        var out = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { out.append(" ") }
            out.append(character)
        }
        return (value.rounded() < 0 ? "-" : "") + String(out.reversed())
    }

    /// A fraction as a percentage with one decimal: 0.123 → `12.3%`.
    public static func percent(_ fraction: Double) -> String { String(format: "%.1f%%", fraction * 100) }

    /// The one rule for numbers people read in tables: four significant digits, whole numbers from
    /// 1000 up (grouped in threes), so `178.3` sits next to `97.79`, never next to `97.7910`.
    public static func significant(_ value: Double?, digits: Int = 4) -> String {
        guard let value, value.isFinite else { return "-" }
        if value == 0 { return "0" }
        let magnitude = Int(floor(log10(abs(value))))
        if magnitude >= digits - 1 { return grouped(value) }
        let decimals = max(0, digits - 1 - magnitude)
        return fixed(value, decimals)
    }

    /// A ratio people can read at any size: three decimals from 0.01 to 100 (`0.873`), a grouped
    /// factor beyond (`×2 717`), and its reciprocal below (`1/2 717`), never `0.000`.
    public static func ratio(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return value == 0 ? "0" : "-" }
        if value >= 100 { return "×" + grouped(value) }
        if value < 0.01 { return "1/" + grouped(1 / value) }
        return fixed(value, 3)
    }
}

import Foundation
import SockBenchModel
import SockBenchStats

/// The table `sockbench load` prints: one line per swept cell, both knees with their intervals over
/// the sweeps, and the latency and floor figures at the latency knee.
public enum KneeTable {
    public static func render(_ estimates: [KneeEstimate], bound: LatencyBound) -> String {
        let p = bound.percentile.rawValue
        var rows: [[String]] = [[
            "transport", "pattern", "size", "nodelay", "saturation msg/s", "95% CI", "latency knee msg/s", "95% CI",
            "\(p) µs", "window \(p) µs", "floor \(p) µs", "beyond floor µs", "sweeps",
        ]]
        var anyWide = false
        var notes: [String] = []
        for estimate in estimates {
            let c = estimate.cell
            let step = estimate.latencyStep
            func us(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }
            let latencyKnee: String
            let latencyRange: String
            if let latency = estimate.latency {
                latencyKnee = rate(latency.rate)
                latencyRange = range(latency)
                anyWide = anyWide || latency.isWide
                if estimate.floorLimitedSweeps > 0 {
                    notes.append("\(c.transport.rawValue): \(estimate.floorLimitedSweeps) of \(estimate.sweeps.count) sweeps were limited by the machine's floor and left out of the latency knee")
                }
            } else {
                latencyKnee = "floor-limited"
                latencyRange = "-"
                let at = step.map { "at \(NumberFormat.grouped(Double($0.rate))) msg/s, floor \(p) \(us($0.floorLatency)) µs" } ?? ""
                notes.append("\(c.transport.rawValue): limited by the machine's floor (\(at) > \(NumberFormat.compact(bound.microseconds)) µs in \(estimate.floorLimitedSweeps) of \(estimate.sweeps.count) sweeps): no latency knee can be judged; try a looser --slo")
            }
            anyWide = anyWide || estimate.saturation.isWide
            rows.append([
                c.transport.rawValue, c.pattern.rawValue, Quantities.formatBytes(c.sizeBytes), c.noDelaySetting ?? "-",
                rate(estimate.saturation.rate), range(estimate.saturation), latencyKnee, latencyRange,
                us(step?.latency), us(step?.windowLatency), us(step?.floorLatency), estimate.latency == nil ? "-" : us(step?.beyondFloor),
                String(estimate.sweeps.count),
            ])
        }
        let latency = estimates.first?.cell.pattern == .rr ? "round trip" : "one-way latency"
        var text = SummaryTable.align(rows) + "\n"
        text += "saturation knee = highest offered msg/s per pair the transport keeps up with: achieved ≥ 95 % of offered, and the median \(latency) from the intended send time of a step's second half at most 2 % of a half behind schedule (3 ms of a 300 ms step) and above the first half's by at most max(500 µs, half the first half's, that 2 %).\n"
        text += "latency knee = highest such rate whose \(p) in a typical 30 ms window (the median over a step's ten windows) beyond the floor's ≤ \(NumberFormat.compact(bound.microseconds)) µs, so that one stall of the machine in a step does not decide it; \(p) µs = over the whole step, stalls included; floor = the same pacing schedule with no socket (how late the machine itself wakes), measured before each step; latency columns at the median sweep's latency knee.\n"
        text += "each knee pooled from every try of every sweep (the highest rate that passes in at least half of its tries), with its 95 % interval from resampled sweeps"
        text += anyWide ? "; * = wide (high/low > \(KneeInterval.wideRatio)): the sweeps do not pin the knee down.\n" : ".\n"
        for note in notes { text += "note: \(note)\n" }
        return text
    }

    public static func rate(_ value: Int) -> String { value == 0 ? "none" : NumberFormat.grouped(Double(value)) }

    public static func range(_ interval: KneeInterval) -> String {
        "\(rate(interval.low))–\(rate(interval.high))" + (interval.isWide ? " *" : "")
    }
}

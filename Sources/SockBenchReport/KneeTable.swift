import Foundation
import SockBenchModel
import SockBenchStats

/// The table `sockbench load` prints: one line per swept cell, the knee and the latency there.
public enum KneeTable {
    public static func render(_ sweeps: [KneeSweep], bound: LatencyBound) -> String {
        var rows: [[String]] = [["transport", "pattern", "size", "knee msg/s", "achieved", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs", "max µs", "steps", "first failing rate"]]
        for sweep in sweeps {
            let c = sweep.cell
            let knee = sweep.knee
            let summary = knee.flatMap { c.pattern == .rr ? $0.measurement.roundTrip : $0.measurement.oneWay }
            let firstFailure = sweep.steps.filter { !$0.passed && $0.rate > (knee?.rate ?? 0) }.min { $0.rate < $1.rate }
            func us(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }
            rows.append([
                c.transport.rawValue, c.pattern.rawValue, Quantities.formatBytes(c.sizeBytes),
                knee.map { NumberFormat.grouped(Double($0.rate)) } ?? "none",
                knee?.achieved.map(NumberFormat.grouped) ?? "-",
                us(summary?.p50), us(summary?.p90), us(summary?.p99), us(summary?.p999), us(summary?.maximum),
                String(sweep.steps.count),
                firstFailure.map { "\(NumberFormat.grouped(Double($0.rate))) (\(reason($0, bound: bound)))" } ?? "-",
            ])
        }
        let latency = sweeps.first?.cell.pattern == .rr ? "round trip from the intended send time" : "one-way latency from the intended send time"
        return SummaryTable.align(rows) + "\nknee = highest offered msg/s per pair with achieved ≥ 99 % of offered and \(bound); latency columns: \(latency), at the knee.\n"
    }

    static func reason(_ step: KneeStep, bound: LatencyBound) -> String {
        if step.measurement.status != .ok { return "failed" }
        if let achieved = step.achieved, achieved < 0.99 * Double(step.rate * step.measurement.cell.pairs) {
            return "achieved \(NumberFormat.grouped(achieved))"
        }
        return "\(bound.percentile.rawValue) \(step.latency.map { String(format: "%.0f µs", $0) } ?? "-")"
    }
}

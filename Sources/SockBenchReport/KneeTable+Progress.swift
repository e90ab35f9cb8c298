import Foundation
import SockBenchModel
import SockBenchStats

extension KneeTable {
    /// One line per measured step on stderr.
    public static func progressLine(_ step: KneeStep, sweep: Int, of sweeps: Int, bound: LatencyBound) -> String {
        func us(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }
        let keeps = step.keepsUp ? "keeps up" : "behind (\(KneeSearch.reason(step, bound: bound)))"
        let latency = step.keepsUp ? ", latency \(step.latencyVerdict == .within ? "within" : KneeSearch.reason(step, bound: bound))" : ""
        return "\(step.measurement.cell.transport.rawValue) sweep \(sweep)/\(sweeps) \(NumberFormat.grouped(Double(step.rate))) msg/s: "
            + "achieved \(step.achieved.map(NumberFormat.grouped) ?? "-"), \(bound.percentile.rawValue) \(us(step.latency)) µs (window \(us(step.windowLatency))), "
            + "floor \(us(step.floorLatency)) µs, backlog \(us(step.backlogGrowth)) µs → \(keeps)\(latency)"
    }
}

import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// The table `sockbench calibrate` prints: one line per cell, ratios with their CIs.
public enum CalibrationTable {
    public static func render(_ outcome: CalibrationOutcome) -> String {
        var rows: [[String]] = [["transport", "pattern", "size", "mode", "cpu", "n", "swift/c msg/s (95% CI)", "swift/c p50 (95% CI)", "swift msg/s", "c msg/s", "parity"]]
        for cell in outcome.cells {
            let c = cell.cell
            let parity = cell.parity(tolerance: outcome.tolerance).label
            let status = cell.failedPairs > 0 ? "\(cell.failedPairs) failed; \(parity)" : parity
            // The axes beside the pattern that tell two cells of one pattern apart.
            let pattern = c.pattern.rawValue + (c.ratePerSecond.map { " @\(NumberFormat.grouped(Double($0)))/s" } ?? "")
                + (c.connections.map { " conns=\($0)" } ?? "") + (c.threads.map { " threads=\($0)" } ?? "")
            rows.append([
                c.transport.rawValue, pattern, Quantities.formatBytes(c.sizeBytes), c.mode.rawValue, c.cpu.description,
                String(cell.pairs.count - cell.failedPairs), ratio(cell.rateRatio), ratio(cell.p50Ratio),
                cell.medianRate(.swift).map(NumberFormat.grouped) ?? "-", cell.medianRate(.c).map(NumberFormat.grouped) ?? "-",
                status,
            ])
        }
        let verdicts = outcome.cells.map { $0.parity(tolerance: outcome.tolerance) }
        let off = verdicts.filter { if case .off = $0 { true } else { false } }.count
        let noisy = verdicts.filter { if case .inconclusive = $0 { true } else { false } }.count
        let tolerance = NumberFormat.percent(outcome.tolerance)
        return SummaryTable.align(rows) + """

            ratios pair repetition i of Swift with repetition i of C; median (order-statistics CI of the median).
            msg/s ratio < 1 or p50 ratio > 1: the Swift loops are slower.
            OFF: median further than \(tolerance) from 1 and the CI excludes 1 (\(off) of \(outcome.cells.count) cells); \
            noisy: median further than \(tolerance) but the CI includes 1 (\(noisy) cells).

            """
    }

    static func ratio(_ statistics: SampleStatistics?) -> String {
        guard let s = statistics else { return "-" }
        return String(format: "%.3f (%.3f–%.3f)", s.median, s.confidenceLow, s.confidenceHigh)
    }
}

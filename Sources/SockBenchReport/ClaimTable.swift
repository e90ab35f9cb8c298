import Foundation
import SockBenchModel
import SockBenchStats

/// `reproduce`'s verdict table: one row per condition, then the claim, the method and the regions.
public enum ClaimTable {
    /// The verdict table printed on stdout.
    public static func render(_ analysis: ClaimAnalysis) -> String {
        var rows = [["condition", "AF_UNIX msg/s", "TCP msg/s", "slots", "AF_UNIX/TCP (95% CI)", "drift", "between runs", "verdict"]]
        for row in analysis.rows {
            rows.append([
                row.condition.label,
                row.unix.map { NumberFormat.grouped($0.median) } ?? "–",
                row.tcp.map { NumberFormat.grouped($0.median) } ?? "–",
                row.pairs.map { String($0.slots.count) } ?? "0",
                row.ratio.map { String(format: "%.2f (%.2f–%.2f) ±%.1f%%", $0, row.verdictLow!, row.verdictHigh!, row.verdictHalfWidth! * 100) } ?? "–",
                row.pairs?.relativeDrift.map { String(format: "±%.1f%%", $0 * 100) } ?? "–",
                ClaimReport.betweenText(row),
                row.verdictText,
            ])
        }
        return SummaryTable.align(rows) + """

            claim: \(ClaimPlan.claimText(unit: "msg/s")) = \(ClaimPlan.claimedRatioText); ping-pong msg/s counts 2 messages per round trip.
            ratio AF_UNIX/TCP: \(PairedRatio.method); both cells are measured back to back in each slot.
            drift: how far the ratio wandered between time blocks of this run (already inside the interval).
            between runs: how far it moved between this and the earlier reproduce runs of this machine beside it (added to the interval).
            regions: \(ClaimVerdict.regions.regions.map { "\($0.range!) \($0.text)" }.joined(separator: ", ")).

            """
    }
}

import Foundation
import SockBenchCore
import SockBenchModel

/// Tests the course's "AF_UNIX ~100 000 msg/s vs TCP ~40 000 msg/s" against measured summaries.
public struct ClaimAnalysis: Sendable {
    /// The claim under test, in msg/s: the one declaration of its figures (report, CSV, plots).
    public static let claimedUnix = 100_000.0
    public static let claimedTCP = 40_000.0
    public static var claimedRatio: Double { claimedUnix / claimedTCP }
    /// A ratio within this band counts as "near" the claimed 2.5.
    public static let nearBand = 2.0...3.0

    public var rows: [ClaimRow]

    public init(summaries: [CellSummary], conditions: [ClaimCondition] = ClaimPlan.conditions) {
        func stats(_ cell: Cell) -> SampleStatistics? { summaries.first { $0.cell == cell }?.main }
        rows = conditions.map { condition in
            let unix = stats(condition.cell(.unix))
            let tcp = stats(condition.cell(.tcp))
            var row = ClaimRow(condition: condition, unix: unix, tcp: tcp, verdict: .missing,
                               unixDatagram: stats(condition.cell(.unixDgram))?.median, udp: stats(condition.cell(.udp))?.median)
            if let unix, let tcp, tcp.median > 0, tcp.confidenceLow > 0 {
                row.ratio = unix.median / tcp.median
                row.ratioLow = unix.confidenceLow / tcp.confidenceHigh
                row.ratioHigh = unix.confidenceHigh / tcp.confidenceLow
                row.verdict = Self.classify(ratio: row.ratio!, low: row.ratioLow!, high: row.ratioHigh!)
            }
            return row
        }
    }

    /// Classifies a ratio with its interval: inverted and even come from the interval (is 1 inside
    /// it?), near/weaker/stronger from the point ratio.
    public static func classify(ratio: Double, low: Double, high: Double) -> ClaimVerdict {
        if high < 1 { return .inverted }
        if low <= 1 { return .even }
        if nearBand.contains(ratio) { return .holds }
        return ratio < nearBand.lowerBound ? .weaker : .stronger
    }

    public var measured: [ClaimRow] { rows.filter { $0.ratio != nil } }

    /// The one-line answer printed at the end and written at the top of REPORT.md.
    public var verdictLine: String {
        let measured = self.measured
        guard let low = measured.min(by: { $0.ratio! < $1.ratio! }), let high = measured.max(by: { $0.ratio! < $1.ratio! }) else {
            return "Verdict: nothing was measured, so the claim could not be tested."
        }
        let holding = measured.filter { $0.verdict == .holds }
        let inverted = measured.filter { $0.verdict == .inverted }
        let span = String(format: "AF_UNIX/TCP ranges from %.2f (%@) to %.2f (%@)", low.ratio!, low.condition.label, high.ratio!, high.condition.label)
        var line: String
        if holding.isEmpty {
            line = "Verdict: the claimed 2.5x ratio holds in none of the \(measured.count) conditions; \(span)"
        } else {
            line = "Verdict: the claimed 2.5x ratio holds only for \(holding.map(\.condition.label).joined(separator: "; ")) (\(holding.count) of \(measured.count) conditions); \(span)"
        }
        if !inverted.isEmpty { line += "; TCP is faster for \(inverted.map(\.condition.label).joined(separator: "; "))" }
        return line + "."
    }

    /// The condition whose absolute figures come closest to 100 000 and 40 000 msg/s.
    public var closestToClaimedFigures: ClaimRow? {
        measured.min { distance($0) < distance($1) }
    }

    private func distance(_ row: ClaimRow) -> Double {
        abs(log(row.unix!.median / Self.claimedUnix)) + abs(log(row.tcp!.median / Self.claimedTCP))
    }

    /// Pairs of conditions that differ in one factor: how that factor moves the ratio.
    public var factorEffects: [(factor: String, from: ClaimRow, to: ClaimRow)] {
        var effects: [(String, ClaimRow, ClaimRow)] = []
        let measured = self.measured
        for a in measured {
            for b in measured where a.condition != b.condition && a.condition.pattern == b.condition.pattern {
                let ca = a.condition, cb = b.condition
                let differences = [ca.sizeBytes != cb.sizeBytes, ca.noDelay != cb.noDelay, ca.largeBuffers != cb.largeBuffers, ca.cpu != cb.cpu]
                guard differences.filter({ $0 }).count == 1 else { continue }
                // List each pair once, from the headline-like value to the other.
                if ca.noDelay != cb.noDelay, ca.noDelay { effects.append(("TCP_NODELAY on → off", a, b)) }
                if ca.cpu != cb.cpu, ca.cpu == .split { effects.append(("different cores → same core", a, b)) }
                if ca.largeBuffers != cb.largeBuffers, !ca.largeBuffers { effects.append(("default → 1 MiB buffers", a, b)) }
                if ca.sizeBytes != cb.sizeBytes, ca.sizeBytes < cb.sizeBytes, ca.noDelay, cb.noDelay {
                    effects.append(("\(Quantities.formatBytes(ca.sizeBytes)) → \(Quantities.formatBytes(cb.sizeBytes)) messages", a, b))
                }
            }
        }
        return effects
    }
}

import Foundation
import SockBenchCore
import SockBenchModel

/// Tests the course's "AF_UNIX ~100 000 msg/s vs TCP ~40 000 msg/s" against measured summaries.
///
/// Each condition's AF_UNIX and TCP cells are measured back to back in the same slots (the
/// measurement's repetition number is its slot), so the ratio comes from per-slot pairs.
public struct ClaimAnalysis: Sendable {
    public var rows: [ClaimRow]

    public init(summaries: [CellSummary], measurements: [CellMeasurement], conditions: [ClaimCondition] = ClaimPlan.conditions) {
        func stats(_ cell: Cell) -> SampleStatistics? { summaries.first { $0.cell == cell }?.main }
        // Context cells follow the run's idle policy: ping-pong's idle=poll and idle=os rows both show them.
        func context(_ condition: ClaimCondition, _ transport: Transport) -> Double? {
            var cell = condition.cell(transport)
            cell.idle = nil
            return stats(cell)?.median
        }
        rows = conditions.map { condition in
            let unixCell = condition.cell(.unix), tcpCell = condition.cell(.tcp)
            var row = ClaimRow(
                condition: condition, unix: stats(unixCell), tcp: stats(tcpCell), verdict: .missing, candidates: [],
                unixDatagram: context(condition, .unixDgram), udp: context(condition, .udp)
            )
            row.pipe = context(condition, .pipe)
            row.shm = context(condition, .shm)
            let pairs = PairedRatio(
                numerator: PairedRatio.values(of: unixCell, in: measurements, \.messagesPerSecond),
                denominator: PairedRatio.values(of: tcpCell, in: measurements, \.messagesPerSecond),
                times: PairedRatio.times(of: [unixCell, tcpCell], in: measurements)
            )
            if let low = pairs.low, let high = pairs.high {
                row.pairs = pairs
                row.candidates = Self.classify(low: low, high: high)
                row.verdict = row.candidates.count == 1 ? row.candidates[0] : .undecided
            }
            return row
        }
    }

    /// Widens every condition's interval by the spread between this run and the earlier runs of
    /// the plan on this machine (`BetweenRuns`), keyed by condition label, and reads the verdicts
    /// again from the widened intervals.
    public mutating func weigh(earlierRuns: [String: [RunRatio]], run: String) {
        for index in rows.indices {
            guard let current = rows[index].runRatio(run: run), let earlier = earlierRuns[rows[index].condition.label],
                  let between = BetweenRuns(current: current, earlier: earlier) else { continue }
            rows[index].betweenRuns = between
            rows[index].candidates = Self.classify(low: between.low, high: between.high)
            rows[index].verdict = rows[index].candidates.count == 1 ? rows[index].candidates[0] : .undecided
        }
    }

    /// Conditions where an earlier run's interval misses this run's own: the machine moved between runs.
    public var contradictions: [ClaimRow] { rows.filter { !($0.betweenRuns?.disagreeing.isEmpty ?? true) } }

    /// The regions of the ratio axis that the interval [low, high] touches.
    public static func classify(low: Double, high: Double) -> [ClaimVerdict] {
        ClaimVerdict.regions.regions(low: low, high: high)
    }

    public var measured: [ClaimRow] { rows.filter { $0.ratio != nil } }

    public var undecided: [ClaimRow] { rows.filter { $0.verdict == .undecided } }

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
            line = "Verdict: the claimed \(ClaimPlan.claimedRatioText)x ratio holds in none of the \(measured.count) conditions; \(span)"
        } else {
            line = "Verdict: the claimed \(ClaimPlan.claimedRatioText)x ratio holds only for \(holding.map(\.condition.label).joined(separator: "; ")) (\(holding.count) of \(measured.count) conditions); \(span)"
        }
        if !inverted.isEmpty { line += "; TCP is faster for \(inverted.map(\.condition.label).joined(separator: "; "))" }
        let undecided = self.undecided
        if !undecided.isEmpty { line += "; \(undecided.count) undecided (interval crosses a region boundary)" }
        return line + "."
    }

    /// The condition whose absolute figures come closest to 100 000 and 40 000 msg/s.
    public var closestToClaimedFigures: ClaimRow? {
        measured.min { distance($0) < distance($1) }
    }

    private func distance(_ row: ClaimRow) -> Double {
        abs(log(row.unix!.median / ClaimPlan.claimedUnix)) + abs(log(row.tcp!.median / ClaimPlan.claimedTCP))
    }

    /// The one factor two conditions differ in, from the headline-like value to the other.
    public enum Change: Sendable, Hashable {
        case nagle, sameCore, idleOS, largeBuffers
        case size(from: Int, to: Int)

        public var label: String {
            switch self {
            case .nagle: "TCP_NODELAY on → off"
            case .sameCore: "different cores → same core"
            case .idleOS: "idle CPUs polling → left to the OS"
            case .largeBuffers: "default → 1 MiB buffers"
            case .size(let from, let to): "\(Quantities.formatBytes(from)) → \(Quantities.formatBytes(to)) messages"
            }
        }
    }

    /// Pairs of conditions that differ in one factor: how that factor moves the ratio.
    public var factorEffects: [(change: Change, from: ClaimRow, to: ClaimRow)] {
        var effects: [(Change, ClaimRow, ClaimRow)] = []
        let measured = self.measured
        for a in measured {
            for b in measured where a.condition != b.condition && a.condition.pattern == b.condition.pattern {
                let ca = a.condition, cb = b.condition
                let differences = [ca.sizeBytes != cb.sizeBytes, ca.noDelay != cb.noDelay, ca.largeBuffers != cb.largeBuffers, ca.cpu != cb.cpu, ca.idle != nil && cb.idle != nil && ca.idle != cb.idle]
                guard differences.filter({ $0 }).count == 1 else { continue }
                // List each pair once, from the headline-like value to the other.
                if ca.noDelay != cb.noDelay, ca.noDelay { effects.append((.nagle, a, b)) }
                if ca.cpu != cb.cpu, ca.cpu == .split, ca.idle == nil || ca.idle == .poll { effects.append((.sameCore, a, b)) }
                if ca.idle != cb.idle, ca.idle == .poll, cb.idle == .os { effects.append((.idleOS, a, b)) }
                if ca.largeBuffers != cb.largeBuffers, !ca.largeBuffers { effects.append((.largeBuffers, a, b)) }
                if ca.sizeBytes != cb.sizeBytes, ca.sizeBytes < cb.sizeBytes, ca.noDelay, cb.noDelay {
                    effects.append((.size(from: ca.sizeBytes, to: cb.sizeBytes), a, b))
                }
            }
        }
        return effects
    }
}

extension ClaimAnalysis {
    /// "9 of 18 decided".
    public func progress() -> String {
        let decided = rows.filter { $0.verdict != .undecided && $0.verdict != .missing }
        return "\(decided.count) of \(rows.count) decided"
    }
}

import Foundation
import SockBenchCore
import SockBenchModel

/// What a comparison of one cell and metric concluded.
public enum CheckVerdict: String, Sendable, CaseIterable {
    /// Worse beyond the threshold, and the repetitions show it is real.
    case regression
    /// Better beyond the threshold, and the repetitions show it is real.
    case improvement
    /// The median moved less than the threshold.
    case ok
    /// Beyond the threshold, but the samples overlap too much to tell (p ≥ 0.01).
    case notSignificant = "not significant"
    /// Beyond the threshold, but too few repetitions for p to ever fall below 0.01.
    case insufficientRepetitions = "insufficient repetitions"
    /// A repetition of the cell failed in the current run.
    case failed
    case missingInCurrent = "missing in current"
    case newInCurrent = "new in current"

    /// Whether this verdict fails the check.
    public var isFailure: Bool { self == .regression || self == .failed }
}

/// One line of the check: a cell and one of its metrics, or the whole cell.
public struct MetricComparison: Sendable {
    public var cellID: String
    /// nil for a verdict on the whole cell (failed, missing, new), shown as `status`.
    public var metric: Metric?
    public var baselineMedian: Double?
    public var currentMedian: Double?
    /// (current − baseline) / |baseline|; nil when the baseline median is 0 or a side is missing.
    public var relativeChange: Double?
    public var pValue: Double?
    public var verdict: CheckVerdict
    /// One sentence saying why, used as the JUnit failure message.
    public var detail: String
}

/// The outcome of `sockbench check`.
public struct CheckReport: Sendable {
    /// The baseline's name and the current run's directory, as shown in the outputs.
    public var baselineName: String
    public var currentName: String
    public var comparisons: [MetricComparison]
    /// Reasons the two runs may not be comparable (different host, kernel, sysctls).
    public var hostWarnings: [String]
    /// Accept baseline cells or metrics missing from the current run (`--allow-missing`).
    public var allowMissing = false
    /// Accept changes too few repetitions can never test (`--allow-undecided`).
    public var allowUndecided = false

    /// How far the machine itself moved between the runs (the C control loops), and the limit
    /// beyond which that alone fails the check (`--max-drift`); nil without controls.
    public var machineDrift: MachineDrift?

    public var hasRegression: Bool { comparisons.contains { $0.verdict.isFailure } }

    /// Whether this comparison fails the check: a regression or failed cell, and unless allowed,
    /// something the check could not check (a missing cell, an untestable change).
    public func fails(_ comparison: MetricComparison) -> Bool {
        switch comparison.verdict {
        case .regression, .failed: true
        case .missingInCurrent: !allowMissing
        case .insufficientRepetitions: !allowUndecided
        default: false
        }
    }

    /// No regression, and everything the baseline holds was checked (or its absence allowed).
    public var passed: Bool { !comparisons.contains(where: fails) && !(machineDrift?.exceeded ?? false) }
    public func count(_ verdict: CheckVerdict) -> Int { comparisons.filter { $0.verdict == verdict }.count }

    /// "2 regressions, 1 improvement, 40 ok": the verdicts that occur, in a fixed order.
    public var tally: String {
        CheckVerdict.allCases.compactMap { verdict in
            let n = count(verdict)
            guard n > 0 else { return nil }
            let plural = n == 1 ? verdict.rawValue : verdict == .regression || verdict == .improvement ? verdict.rawValue + "s" : verdict.rawValue
            return "\(n) \(plural)"
        }.joined(separator: ", ")
    }
}

/// Compares a current run against a baseline, cell by cell (matched by `Cell.id`) and metric by
/// metric. A change counts only when the median moved beyond the metric's threshold AND a two-sided
/// Mann-Whitney U test on the per-repetition values gives p < 0.01.
public enum RegressionCheck {
    public static let significanceLevel = 0.01
    /// Below this many values on a side, significance is never claimed.
    public static let minimumRepetitions = 3

    /// Why two sides leave nothing to compare, so that a check of them must fail instead of passing
    /// with "no regression".
    public enum NothingToCompare: Sendable, Equatable {
        /// The baseline holds no measured cell (a run interrupted before its first row).
        case baselineEmpty
        /// The current run holds no measured cell.
        case currentEmpty
        /// Both hold cells, but no cell id is in both.
        case noCellInBoth
    }

    /// nil when at least one cell is in both sides.
    public static func nothingToCompare(baseline: BaselineFile, current: BaselineFile) -> NothingToCompare? {
        if baseline.cells.isEmpty { return .baselineEmpty }
        if current.cells.isEmpty { return .currentEmpty }
        let ids = Set(current.cells.map(\.id))
        return baseline.cells.contains { ids.contains($0.id) } ? nil : .noCellInBoth
    }

    public static func compare(baseline: BaselineFile, current: BaselineFile, thresholds: Thresholds) -> CheckReport {
        var comparisons: [MetricComparison] = []
        let currentCells = Dictionary(current.cells.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let baselineIDs = Set(baseline.cells.map(\.id))
        for old in baseline.cells {
            guard let new = currentCells[old.id] else {
                comparisons.append(cellLevel(old.id, .missingInCurrent, "measured in the baseline but not in the current run"))
                continue
            }
            if new.failedRepetitions > 0 {
                let total = new.okRepetitions + new.failedRepetitions
                comparisons.append(cellLevel(new.id, .failed, "\(new.failedRepetitions) of \(total) repetitions failed: \(new.error ?? "no message")"))
                if new.okRepetitions == 0 { continue }
            }
            for metric in Metric.allCases {
                guard let threshold = thresholds.threshold(for: metric) else { continue }
                if let line = compare(metric, threshold, old.metrics[metric], new.metrics[metric], cellID: old.id) {
                    comparisons.append(line)
                }
            }
        }
        for new in current.cells where !baselineIDs.contains(new.id) {
            comparisons.append(cellLevel(new.id, .newInCurrent, "measured in the current run but not in the baseline"))
        }
        return CheckReport(
            baselineName: baseline.name, currentName: current.source, comparisons: comparisons,
            hostWarnings: hostWarnings(baseline: baseline.host, current: current.host)
        )
    }

    /// One metric of one cell; nil when neither side has a value (RTT of a stream).
    static func compare(_ metric: Metric, _ threshold: MetricThreshold, _ old: MetricRecord?, _ new: MetricRecord?, cellID: String) -> MetricComparison? {
        var line = MetricComparison(
            cellID: cellID, metric: metric, baselineMedian: old?.median, currentMedian: new?.median,
            relativeChange: nil, pValue: nil, verdict: .ok, detail: ""
        )
        guard let old, let new else {
            guard old != nil || new != nil else { return nil }
            line.verdict = old == nil ? .newInCurrent : .missingInCurrent
            line.detail = "\(metric.rawValue) has values only in the \(old == nil ? "current run" : "baseline")"
            return line
        }
        let change = new.median - old.median
        line.relativeChange = old.median == 0 ? nil : change / abs(old.median)
        line.pValue = MannWhitney.pValue(old.values, new.values)
        let moved = "\(metric.rawValue) \(describeChange(change, line.relativeChange)) (\(NumberFormat.compact(old.median)) → \(NumberFormat.compact(new.median)))"
        let sizes = "\(old.values.count) vs \(new.values.count) repetitions"
        let p = formatP(line.pValue!)
        if !threshold.isExceeded(change: change, base: old.median) {
            line.detail = "\(moved), within \(threshold)"
        } else if !canShowSignificance(old.values.count, new.values.count) {
            line.verdict = .insufficientRepetitions
            line.detail = "\(moved), beyond \(threshold), but with \(sizes) p cannot fall below \(significanceLevel); measure at least \(repetitionsNeeded) repetitions per side"
        } else if line.pValue! >= significanceLevel {
            line.verdict = .notSignificant
            line.detail = "\(moved), beyond \(threshold); Mann-Whitney p=\(p) ≥ \(significanceLevel) (\(sizes))"
        } else {
            let worse = metric.higherIsBetter ? change < 0 : change > 0
            line.verdict = worse ? .regression : .improvement
            line.detail = "\(moved), beyond \(threshold); Mann-Whitney p=\(p) (\(sizes))"
        }
        return line
    }

    /// Whether samples of these sizes can reach p < 0.01 at all: the exact two-sided test's smallest
    /// p-value, with no overlap, is 2 / C(n1+n2, n1) (0.1 for 3 vs 3, 0.0079 for 5 vs 5).
    public static func canShowSignificance(_ n1: Int, _ n2: Int) -> Bool {
        guard min(n1, n2) >= minimumRepetitions else { return false }
        let logArrangements = lgamma(Double(n1 + n2 + 1)) - lgamma(Double(n1 + 1)) - lgamma(Double(n2 + 1))
        return 2 * exp(-logArrangements) < significanceLevel
    }

    /// The fewest repetitions per side (equal sides) with which significance can be shown.
    public static var repetitionsNeeded: Int {
        (minimumRepetitions...).first { canShowSignificance($0, $0) }!
    }

    /// Why two runs may not be comparable: different machines, kernels, CPUs or socket sysctls.
    public static func hostWarnings(baseline: HostInfo?, current: HostInfo?) -> [String] {
        guard let old = baseline, let new = current else {
            let side = baseline == nil ? "baseline" : "current run"
            return ["the \(side) records no host (no run.json): cannot tell whether both runs come from the same machine"]
        }
        var differences: [String] = []
        func differ(_ what: String, _ a: String, _ b: String) {
            if a != b { differences.append("different \(what) (baseline '\(a)', current '\(b)')") }
        }
        differ("hosts", old.hostname, new.hostname)
        differ("kernels", old.kernel, new.kernel)
        differ("CPUs", "\(old.cpuModel) × \(old.cores)", "\(new.cpuModel) × \(new.cores)")
        for key in Set(old.sysctls.keys).union(new.sysctls.keys).sorted() {
            differ("sysctl \(key)", old.sysctls[key] ?? "unset", new.sysctls[key] ?? "unset")
        }
        return differences.map { "\($0): the comparison may be meaningless" }
    }

    static func cellLevel(_ id: String, _ verdict: CheckVerdict, _ detail: String) -> MetricComparison {
        MetricComparison(cellID: id, metric: nil, relativeChange: nil, pValue: nil, verdict: verdict, detail: detail)
    }

    static func describeChange(_ change: Double, _ relative: Double?) -> String {
        if let relative { return "\(relative >= 0 ? "up" : "down") \(String(format: "%.1f%%", abs(relative) * 100))" }
        return change == 0 ? "unchanged" : "\(change > 0 ? "up" : "down") \(NumberFormat.compact(abs(change))) from 0"
    }

    public static func formatP(_ p: Double) -> String {
        p < 0.0001 ? "<0.0001" : String(format: "%.4f", p)
    }
}

/// The median current/baseline msg/s of the C control loops: what the machine did between two
/// runs, whatever the code did. With a limit, moving further than it fails the check: a team that
/// also wants to catch a slower kernel, a changed sysctl or a CPU quota gates on it.
public struct MachineDrift: Sendable, Equatable {
    /// Current over baseline, ×1 when the machine is as it was.
    public var median: Double
    /// The largest |median − 1| accepted, as a fraction; nil when drift is only reported.
    public var limit: Double?

    public init(median: Double, limit: Double?) {
        self.median = median
        self.limit = limit
    }

    public var exceeded: Bool { limit.map { abs(median - 1) > $0 } ?? false }

    /// "machine drift ×0.360 (-64.0%), beyond --max-drift 20%: ..." when exceeded, nil otherwise.
    public var failureLine: String? {
        guard exceeded, let limit else { return nil }
        return String(format: "machine drift: the C control loops ran at ×%.3f of the baseline (%+.1f%%), beyond --max-drift %.0f%%: the machine itself changed (kernel, configuration, CPU quota or load), whatever the code did",
                      median, (median - 1) * 100, limit * 100)
    }
}

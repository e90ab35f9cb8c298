import Foundation
import SockBenchModel
import SockBenchReport
import SockBenchStats
import SockBenchStore

/// `check` as a library call, once both runs are at hand: the machine's drift read off the C control
/// loops, then every cell's comparison, either normalized by its control or without the controls.
public struct CheckSession {
    public let baseline: BaselineFile
    public let current: BaselineFile
    public let normalize: Bool
    /// `--max-drift`: fail when the control loops moved by more than this fraction.
    public let maxDrift: Double?
    /// Each control cell in both runs, current/baseline msg/s.
    public let drift: [Controls.Drift]

    public init(baseline: BaselineFile, current: BaselineFile, normalize: Bool, maxDrift: Double?) {
        (self.baseline, self.current, self.normalize, self.maxDrift) = (baseline, current, normalize, maxDrift)
        drift = Controls.drift(baseline: baseline, current: current)
    }

    /// The first of check's outputs that cannot be made, found before minutes of measuring: `files`
    /// (--markdown, --junit, --json; nil: not asked for), then the run directory of --run/--spec.
    public static func outputProblem(files: [String?], runDirectory: String?) -> ReportError? {
        if let problem = files.compactMap({ $0 }).lazy.compactMap(FileOutput.writeProblem).first { return problem }
        return runDirectory.flatMap(RunDirectory.creationProblem(at:))
    }

    /// The machine's drift between the runs: the median over the control cells.
    public var medianDrift: Double? { Controls.medianDrift(drift) }

    /// What the console says about the drift: the median and each control cell's ratio, then a
    /// warning when an absolute check (no --normalize) sees the machine move beyond `tolerance`.
    public func driftLines(tolerance: Double) -> [String] {
        guard let median = medianDrift else { return [] }
        let ids = ShortCellIDs(drift.map(\.cellID))
        let cells = drift.map { String(format: "%@ ×%.3f", ids[id: $0.cellID], $0.ratio) }.joined(separator: ", ")
        var lines = [String(format: "machine drift (C control loops, current/baseline msg/s): median ×%.3f (%@)", median, cells)]
        if !normalize, abs(median - 1) > tolerance {
            lines.append(String(format: "warning: the machine changed: the control loops moved by %+.1f%%, more than the %@ tolerance; absolute comparison unreliable (use --normalize)", (median - 1) * 100, NumberFormat.percent(tolerance)))
        }
        return lines
    }

    /// The comparison of every cell; `note` hears each cell left out for want of a control.
    /// Throws when --normalize or --max-drift have no control to read, or there is nothing to compare.
    public func compare(
        thresholds: Thresholds, baselineName: String, currentPath: String, note: (String) -> Void
    ) throws(ReportError) -> CheckReport {
        if medianDrift == nil, normalize || maxDrift != nil {
            throw .invalid("\(normalize ? "--normalize" : "--max-drift"): \(drift.isEmpty ? "the baseline or the current run has no control cells" : "no control cell is in both runs"); record the baseline with `sockbench run --controls` (check --run measures controls itself)")
        }
        let old: BaselineFile, new: BaselineFile
        if normalize {
            let (normalizedOld, oldUncontrolled) = Controls.normalized(baseline)
            let (normalizedNew, newUncontrolled) = Controls.normalized(current)
            for id in Set(oldUncontrolled + newUncontrolled).sorted() { note("\(id) has no control in both runs; not compared") }
            (old, new) = (normalizedOld, normalizedNew)
        } else {
            // The controls measure the machine, not the code: they are reported as drift.
            (old, new) = (baseline.withoutControls, current.withoutControls)
        }
        if let nothing = RegressionCheck.nothingToCompare(baseline: old, current: new) {
            throw .cannotCheck(Self.describe(nothing, baseline: baselineName, current: currentPath))
        }
        var report = RegressionCheck.compare(baseline: old, current: new, thresholds: thresholds)
        report.machineDrift = medianDrift.map { MachineDrift(median: $0, limit: maxDrift) }
        return report
    }

    /// The one line saying why there is nothing to compare (--allow-missing does not accept it: a check
    /// that compared nothing has checked nothing).
    public static func describe(_ nothing: RegressionCheck.NothingToCompare, baseline: String, current: String) -> String {
        switch nothing {
        case .baselineEmpty:
            "cannot check: the baseline \(baseline) holds no measured cell, so there is nothing to compare against (an interrupted run? baseline save refuses it too)"
        case .currentEmpty:
            "cannot check: the current run \(current) holds no measured cell, so there is nothing to compare (an interrupted run? finish or repeat it)"
        case .noCellInBoth:
            "cannot check: no cell of the baseline \(baseline) is in the current run \(current) (cells match by every axis), so nothing was compared"
        }
    }
}

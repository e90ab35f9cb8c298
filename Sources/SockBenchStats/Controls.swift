import SockBenchModel

/// The C reference loops as a control of the machine's state. `check` measures each cell's C twin
/// (`engine=c`) in the same slots as the cell itself: what the machine does to the Swift loops it
/// does to the C loops too, so the Swift/C ratio of a slot stays put when only the machine changed,
/// and moves when the Swift code did.
public enum Controls {
    /// A control's drift between two runs: current median over baseline median of its msg/s.
    public struct Drift: Sendable {
        public var cellID: String
        public var ratio: Double
    }

    /// Every control cell present on both sides.
    public static func drift(baseline: BaselineFile, current: BaselineFile) -> [Drift] {
        let now = Dictionary(current.cells.filter { $0.axes.engine == .c }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return baseline.cells.filter { $0.axes.engine == .c }.compactMap { old in
            guard let before = old.metrics[.messagesPerSecond]?.median, before > 0,
                  let after = now[old.id]?.metrics[.messagesPerSecond]?.median else { return nil }
            return Drift(cellID: old.id, ratio: after / before)
        }
    }

    /// The median drift, or nil without controls.
    public static func medianDrift(_ drift: [Drift]) -> Double? {
        SampleStatistics(drift.map(\.ratio))?.median
    }

    /// The file with every controlled cell's metrics divided, slot by slot, by its control's, and
    /// the control cells left out. Values pair by position (both lists are in slot order); a metric
    /// whose sides differ in count (a failed slot) is left out, and so is a cell without a control.
    /// Returns the ids of the cells left out for lack of a control.
    public static func normalized(_ file: BaselineFile) -> (file: BaselineFile, uncontrolled: [String]) {
        let controls = Dictionary(file.cells.filter { $0.axes.engine == .c }.map { ($0.axes.with(engine: .swift), $0) }, uniquingKeysWith: { a, _ in a })
        var normalized = file
        var uncontrolled: [String] = []
        normalized.cells = file.cells.filter { $0.axes.engine == nil }.compactMap { cell in
            guard let control = controls[cell.axes] else {
                uncontrolled.append(cell.id)
                return nil
            }
            var cell = cell
            var metrics: [Metric: MetricRecord] = [:]
            for (metric, record) in cell.metrics {
                // A count of lost datagrams has no per-message cost to normalize: it stays as measured.
                if metric == .lost {
                    metrics[metric] = record
                    continue
                }
                guard let reference = control.metrics[metric], reference.values.count == record.values.count,
                      reference.values.allSatisfy({ $0 > 0 }) else { continue }
                metrics[metric] = MetricRecord(zip(record.values, reference.values).map { $0 / $1 })
            }
            cell.metrics = metrics
            cell.rttMerged = nil
            return cell
        }
        return (normalized, uncontrolled)
    }
}

extension BaselineFile {
    /// The file without its control cells.
    public var withoutControls: BaselineFile {
        var file = self
        file.cells = cells.filter { $0.axes.engine == nil }
        return file
    }
}

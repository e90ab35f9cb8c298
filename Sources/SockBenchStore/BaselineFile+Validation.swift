import SockBenchModel
import SockBenchStats

/// What a baseline.json may hold: what a run can produce. A file edited by hand or damaged is
/// refused (exit 65) with the cell and field, instead of being compared as if it were measured.
extension BaselineFile {
    /// The first thing no run could have written, as "cell 'ID': field 'metrics.msg_per_s.values[2]'
    /// is negative (-3)"; nil when the baseline is sound.
    public func problem() -> String? {
        guard !cells.isEmpty else { return "holds no cells (a baseline needs at least one measured cell)" }
        var seen: [String: Int] = [:]
        for (index, cell) in cells.enumerated() {
            if let first = seen[cell.id] {
                return "cell '\(cell.id)' appears twice (field 'cells[\(first)].id' and 'cells[\(index)].id')"
            }
            seen[cell.id] = index
            if let problem = cell.problem() { return "cell '\(cell.id)': \(problem)" }
        }
        return nil
    }
}

extension RecordedCell {
    /// The first field of this cell that is negative, empty or inconsistent.
    func problem() -> String? {
        if okRepetitions < 0 { return "field 'okRepetitions' is negative (\(okRepetitions))" }
        if failedRepetitions < 0 { return "field 'failedRepetitions' is negative (\(failedRepetitions))" }
        for metric in metrics.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            let record = metrics[metric]!
            let name = "metrics.\(metric.rawValue)"
            guard !record.values.isEmpty else { return "field '\(name).values' is empty (a metric needs one value per repetition)" }
            if let index = record.values.firstIndex(where: { $0 < 0 }) {
                return "field '\(name).values[\(index)]' is negative (\(RecordedCell.text(record.values[index])))"
            }
            if record.median < 0 { return "field '\(name).median' is negative (\(RecordedCell.text(record.median)))" }
        }
        return nil
    }

    /// A value as the file holds it: -3, not -3.0000.
    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

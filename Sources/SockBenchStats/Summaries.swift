import Histogram
import SockBenchCore
import SockBenchModel

public enum Summaries {
    /// Groups measurements by cell, in the order cells first appear in `cells`.
    /// `mergingHistograms: false` leaves the merged histograms out (see `CellSummary`).
    public static func make(cells: [Cell], measurements: [CellMeasurement], mergingHistograms: Bool = true) -> [CellSummary] {
        var byCell: [Cell: [CellMeasurement]] = [:]
        for m in measurements { byCell[m.cell, default: []].append(m) }
        return cells.compactMap { cell in byCell[cell].map { CellSummary(cell: cell, measurements: $0, mergingHistograms: mergingHistograms) } }
    }
}

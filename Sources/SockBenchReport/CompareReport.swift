import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// What `run --compare AXIS=A,B` writes and prints: per comparison the ratio B/A of the paired
/// slots (`PairedRatio`), its 95% interval and a one-word reading.
public enum CompareReport {
    public static var columns: [String] { CompareColumn.header }
    /// compare-pairs.csv: every slot's two values and their ratio, to recompute any interval.
    public static var pairColumns: [String] { ComparePairColumn.header }

    public static func csv(_ comparisons: [PairedComparison]) -> String {
        var text = CSV.line(columns)
        let ids = ShortCellIDs(comparisons.map { $0.b.id })
        for c in comparisons {
            text += CSV.line([
                c.spec.axis.rawValue, c.spec.a, c.spec.b, c.a.id, c.metric.rawValue, String(c.ratio.slots.count),
                NumberFormat.fixed(c.ratio.ratio, 4), NumberFormat.fixed(c.ratio.low, 4), NumberFormat.fixed(c.ratio.high, 4),
                c.reading, c.b.id, "\(ids[id: c.b.id]) \(c.metric.rawValue)", NumberFormat.fixed(c.ratio.relativeDrift, 4),
            ])
        }
        return text
    }

    public static func pairsCSV(_ comparisons: [PairedComparison]) -> String {
        var text = CSV.line(pairColumns)
        let ids = ShortCellIDs(comparisons.map { $0.b.id })
        for c in comparisons {
            for slot in c.ratio.slots {
                text += CSV.line([
                    c.a.id, c.b.id, c.metric.rawValue, String(slot.slot), NumberFormat.compact(slot.denominator),
                    NumberFormat.compact(slot.numerator), NumberFormat.fixed(slot.ratio, 5), NumberFormat.fixed(slot.seconds, 3),
                    "\(ids[id: c.b.id]) \(c.metric.rawValue)",
                ])
            }
        }
        return text
    }

    /// The table printed after a run: the other axes that vary, then B/A per metric.
    public static func table(_ comparisons: [PairedComparison]) -> String {
        guard let spec = comparisons.first?.spec else { return "" }
        let ids = ShortCellIDs(comparisons.map { $0.b.id })
        var rows = [["cell", "metric", "slots", "\(spec.b)/\(spec.a) (95% CI)", "drift", "\(spec.b) vs \(spec.a)"]]
        for c in comparisons {
            let ratio = c.ratio.ratio.map {
                "\(NumberFormat.ratio($0)) (\(NumberFormat.ratio(c.ratio.low!))–\(NumberFormat.ratio(c.ratio.high!)))"
            } ?? "–"
            let drift = c.ratio.relativeDrift.map { String(format: "±%.1f%%", $0 * 100) } ?? "–"
            rows.append([ids[id: c.b.id], c.metric.rawValue, String(c.ratio.slots.count), ratio, drift, c.reading])
        }
        return SummaryTable.align(rows) + """

            compare \(spec): each slot measures \(spec.a) and \(spec.b) back to back in a random order; the ratio \(spec.b)/\(spec.a) is the \
            \(PairedRatio.method) (compare.csv, compare-pairs.csv).
            drift: how far the ratio wandered between time blocks of the run (from 15 slots on; already inside the interval).
            A reading is given only when the interval excludes 1; msg/s above 1 or round-trip time below 1 means \(spec.b) is faster.

            """
    }
}

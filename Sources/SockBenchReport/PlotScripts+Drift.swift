import SockBenchModel
import SockBenchStore

/// The drift made visible: for a run with paired slots (reproduce's claim-pairs.csv, `run
/// --compare`'s compare-pairs.csv), every slot's ratio against the time it was measured, one line
/// per condition. A flat band is scatter; a line that wanders over tens of seconds is the drift that
/// the intervals widen for.
extension PlotScripts {
    static func driftFigures(_ run: PlotRun) -> [FigureScript] {
        var figures: [FigureScript] = []
        if let pairs = run.claimPairs {
            figures += driftFigure(pairs, file: "claim-pairs.csv", label: .shortLabel, ratio: .ratio, time: .time, name: "claim-drift",
                                   title: "AF_UNIX / TCP ratio of every slot over the run", run: run)
        }
        if let pairs = run.comparePairs, let first = run.compare?.rows.first, let a = first[.a], let b = first[.b] {
            figures += driftFigure(pairs, file: "compare-pairs.csv", label: .label, ratio: .ratio, time: .time, name: "compare-drift",
                                   title: "\(b) ÷ \(a) of every slot over the run", run: run)
        }
        return figures
    }

    /// `label`, `ratio` and `time`: the pairs file's columns of the line a slot belongs to, its ratio
    /// and when it was measured.
    private static func driftFigure<Column: RawRepresentable & CaseIterable & Hashable & Sendable>(
        _ pairs: CSVTable<Column>, file: String, label column: Column, ratio: Column, time: Column, name: String, title: String, run: PlotRun
    ) -> [FigureScript] where Column.RawValue == String {
        var labels: [String] = []
        for row in pairs.rows where row.number(time) != nil {
            if let label = row[column], !labels.contains(label) { labels.append(label) }
        }
        guard !labels.isEmpty else { return [] }
        let ratios = pairs.numbers(ratio).filter { $0 > 0 }
        let low = min(0.8, (ratios.min() ?? 1) / 1.1), high = max(1.25, (ratios.max() ?? 1) * 1.1)
        let body = [
            "", "pairs = run.'/\(file)'",
        ] + GnuplotText.readCSV + [
            "set xlabel \"seconds since the run started\"",
            "set ylabel \"ratio of the slot (log scale)\"",
            "set logscale y",
            "set ytics (\"0.25\" 0.25, \"0.5\" 0.5, \"0.7\" 0.7, \"0.8\" 0.8, \"0.9\" 0.9, \"1\" 1, \"1.1\" 1.1, \"1.25\" 1.25, \"1.5\" 1.5, \"2\" 2, \"3\" 3, \"4\" 4, \"6\" 6, \"8\" 8)",
            "set yrange [\(String(format: "%.3g", low)):\(String(format: "%.3g", high))]",
            "set key outside right top vertical font \",9\"",
        ]
        // A line per condition with a vertex per slot: `smooth unique` drops the other conditions'
        // rows (NaN) before drawing, so each line is continuous, and a figure of some 1 400 slots
        // weighs a third of what a marker per slot did (the markers, 0.4 wide, showed nothing more).
        let elements = labels.map { label in
            "pairs using \(GnuplotText.quoted(time.rawValue)):(strcol(\(GnuplotText.quoted(column.rawValue))) eq \(GnuplotText.quoted(label)) ? column(\(GnuplotText.quoted(ratio.rawValue))) : NaN) smooth unique with lines lw 1.5 title \(GnuplotText.quoted(label))"
        } + ["1 with lines ls 7 dt 3 notitle"]
        let subtitle = GnuplotText.subtitle(["run \(run.name)", "a vertex per slot, both sides measured back to back", "\(file)"])
        return [FigureScript(name: name, title: title, subtitle: subtitle, body: body, elements: elements)]
    }
}

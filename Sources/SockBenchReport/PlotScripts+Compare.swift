import SockBenchModel
import SockBenchStore

/// The figure of compare.csv (`run --compare AXIS=A,B`): per comparison the ratio B/A with its 95%
/// interval on a log axis, against 1 (no difference).
extension PlotScripts {
    static func compareFigures(_ run: PlotRun) -> [FigureScript] {
        guard let compare = run.compare, let first = compare.rows.first, let a = first[.a], let b = first[.b], let axis = first[.axis] else { return [] }
        let interval: [CompareColumn] = [.ratio, .ratioLow, .ratioHigh]
        let ratios = interval.flatMap(compare.numbers).filter { $0 > 0 }
        let low = min(0.8, (ratios.min() ?? 1) / 1.2), high = max(1.25, (ratios.max() ?? 1) * 1.2)
        let body = [
            "", "compare = run.'/compare.csv'",
        ] + GnuplotText.readCSV + [
            "set xrange [-0.6:\(compare.rows.count) - 0.4]",
            "set xtics scale 0 rotate by -30",
            "set bmargin 8",
            "set ylabel \(GnuplotText.quoted("\(b) ÷ \(a) (log scale; msg/s above 1 or RTT below 1: \(b) faster)"))",
            "set logscale y",
            "set ytics (\"0.25\" 0.25, \"0.5\" 0.5, \"0.8\" 0.8, \"0.9\" 0.9, \"1\" 1, \"1.1\" 1.1, \"1.25\" 1.25, \"1.5\" 1.5, \"2\" 2, \"3\" 3, \"4\" 4)",
            "set yrange [\(String(format: "%.3g", low)):\(String(format: "%.3g", high))]",
        ]
        let elements = [
            "compare using 0:\(interval.map { GnuplotText.quoted($0.column) }.joined(separator: ":")):xtic(strcol(\(GnuplotText.quoted(CompareColumn.label.column)))) with yerrorbars ls 3 pt 7 ps 1.5 lw 2 title \"trimmed geometric mean of per-slot ratios (95% CI)\"",
            "1 with lines ls 7 dt 3 title \"no difference (1)\"",
        ]
        let subtitle = GnuplotText.subtitle(["run \(run.name)", "\(a) and \(b) measured back to back in each slot"])
        return [FigureScript(name: "compare-\(axis)", title: "\(b) against \(a), paired slot by slot",
                             subtitle: subtitle, body: body, elements: elements)]
    }
}

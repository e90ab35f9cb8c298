import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// A line of a figure: the summary.csv rows it draws, the metric whose median and 95% CI it shows,
/// and its look.
struct PlotSeries {
    var title: String
    var filter: RowFilter
    /// The line reads the metric's summary.csv columns `<name>_median`, `_ci_low`, `_ci_high`.
    var metric: Metric
    /// Line style of the preamble, 1-based: colour and point type.
    var style: Int
    var dash: Int = 1
}

/// A figure of per-cell medians with 95% CI bars against a numeric column of summary.csv (message
/// size, effective buffer size), one line per series.
struct LineFigure {
    var name: String
    var title: String
    /// Conditions every line shares: the pattern and the axes held at one value.
    var held: RowFilter
    var x: Axis
    var yLabel: String
    /// Tic labels such as `20k` and `1.5M` (counts), rather than plain numbers (µs, MB/s).
    var engineering = false
    var note: String?
    var series: [PlotSeries]
    /// An axis whose value labels each point (buffer sweeps: the requested size).
    var pointLabel: SummaryAxis? = nil
    /// Beside each line, dashed, the ideal linear scaling from its first point: y = y₀ · x / x₀ (`--threads`).
    var idealLinear = false

    /// A numeric column of summary.csv drawn on a log axis: log2 with byte-sized tics, or log10
    /// with a tic at each measured count (`bytes` false).
    struct Axis {
        /// What the column holds: an axis, or a buffer size the kernel granted.
        enum Quantity {
            case axis(SummaryAxis)
            case sendBufferEffective
            case receiveBufferEffective
        }

        var quantity: Quantity
        var label: String
        var bytes = true

        init(_ quantity: Quantity, label: String, bytes: Bool = true) {
            self.quantity = quantity
            self.label = label
            self.bytes = bytes
        }

        static let size = Axis(.axis(.size), label: "message size (bytes)")
        static let connections = Axis(.axis(.connections), label: "connections (log scale)", bytes: false)
        static let threads = Axis(.axis(.threads), label: "threads per worker process (log scale)", bytes: false)

        /// The column gnuplot reads.
        var column: String {
            switch quantity {
            case .axis(let axis): axis.column
            case .sendBufferEffective: SummaryCSV.sendBufferEffectiveColumn
            case .receiveBufferEffective: SummaryCSV.receiveBufferEffectiveColumn
            }
        }

        /// A row's value on this axis, when it has one.
        func value(_ row: SummaryRow) -> Double? {
            switch quantity {
            case .axis(let axis): row.field(axis).flatMap(Double.init)
            case .sendBufferEffective: row.sendBufferEffective.map(Double.init)
            case .receiveBufferEffective: row.receiveBufferEffective.map(Double.init)
            }
        }
    }

    /// The script, or nil when no line has a value to draw.
    func script(run: PlotRun) -> FigureScript? {
        let rows = run.summary
        let drawn = series.filter { !rows.numbers($0.metric, where: whole($0)).isEmpty }
        guard !drawn.isEmpty else { return nil }
        let xs = drawn.flatMap { line in rows.filter(whole(line).accepts).compactMap(x.value).filter(\.isFinite) }
        var ys = drawn.flatMap { line in SummaryStatistic.interval.flatMap { rows.numbers(line.metric, $0, where: whole(line)) } }
        let slopes = idealLinear ? drawn.map { idealSlope($0, rows: rows) } : []
        if let top = xs.max() { ys += slopes.compactMap { $0.map { $0 * top } } }

        var body = ["", "summary = run.'/summary.csv'"] + GnuplotText.filterFunctions
        body += ["", "# The rows each line draws (column=value words, see keep above)."]
        body.append("held = \(GnuplotText.quoted(held.text))")
        for (index, line) in drawn.enumerated() {
            body.append("s\(index + 1) = \(GnuplotText.quoted(line.filter.text + " ")).held  # \(line.title)")
        }
        body += ["", "# Copy each line's rows (x, median, 95% CI low, CI high) into a datablock."]
        body += GnuplotText.readCSV
        for (index, line) in drawn.enumerated() {
            let columns = [x.column] + SummaryStatistic.interval.map { $0.column(line.metric) }
            body.append("set table $s\(index + 1)")
            body.append("plot summary using \(columns.map(GnuplotText.quoted).joined(separator: ":")) with table if (keep(s\(index + 1)))")
        }
        body += ["unset table"] + GnuplotText.readColumns
        body += [
            "",
            "set xlabel \(GnuplotText.quoted(x.label))",
            "set ylabel \(GnuplotText.quoted(yLabel))",
            x.bytes ? "set logscale x 2" : "set logscale x 10",
            "set xrange [\(GnuplotText.number(xs.min()! / 1.4)):\(GnuplotText.number(xs.max()! * 1.4))]",
            x.bytes ? GnuplotText.measuredByteTics(xs) : GnuplotText.measuredCountTics(xs),
        ]
        if let pointLabel {
            body += ["", "# Each point labelled with its requested value (the x axis is the effective one)."]
            for line in drawn {
                for row in rows.filter(whole(line).accepts) {
                    guard let x = x.value(row), let y = row.value(line.metric) else { continue }
                    let text = "req " + PlotAxes.bytes(row.field(pointLabel) ?? "default")
                    body.append("set label \(GnuplotText.quoted(text)) at \(GnuplotText.number(x)),\(GnuplotText.number(y)) offset char 0.6,0.9 font \",9\" textcolor ls \(line.style)")
                }
            }
        }
        body += GnuplotText.yAxis(ys, engineering: engineering)
        if drawn.count > 1 {
            body += ["# Line i is drawn at x * spread**(i - middle), so CI bars at one x do not hide each other.", "spread = 1.03"]
        }

        // The line joins the medians in x order (smooth unique sorts by x); the bars are the CIs.
        let elements = drawn.enumerated().flatMap { index, line in
            let shift = Double(index) - Double(drawn.count - 1) / 2
            let x = shift == 0 ? "1" : "($1 * spread**\(GnuplotText.number(shift)))"
            return [
                "$s\(index + 1) using \(x):2 smooth unique with linespoints ls \(line.style) dt \(line.dash) title \(GnuplotText.quoted(line.title))",
                "$s\(index + 1) using \(x):2:3:4 with yerrorbars ls \(line.style) notitle",
            ]
        }
        let ideals = zip(drawn.indices, slopes).compactMap { index, slope in
            slope.map { "$s\(index + 1) using 1:($1 * \(GnuplotText.number($0))) smooth unique with lines ls \(drawn[index].style) dt 2 title \(GnuplotText.quoted(drawn[index].title + " ideal"))" }
        }
        let subtitle = GnuplotText.subtitle(["run \(run.name)", "median and 95% CI over repetitions", held.label] + [note].compactMap { $0 })
        return FigureScript(name: name, title: title, subtitle: subtitle, body: body, elements: elements + ideals)
    }

    /// The slope of a line's ideal linear scaling: its median at the smallest x, over that x.
    private func idealSlope(_ line: PlotSeries, rows: [SummaryRow]) -> Double? {
        let points = rows.filter(whole(line).accepts).compactMap { row in x.value(row).flatMap { x in row.value(line.metric).map { (x, $0) } } }
        guard let first = points.min(by: { $0.0 < $1.0 }), first.0 > 0 else { return nil }
        return first.1 / first.0
    }

    /// The series' own conditions and the shared ones.
    private func whole(_ line: PlotSeries) -> RowFilter {
        RowFilter(conditions: line.filter.conditions + held.conditions)
    }
}

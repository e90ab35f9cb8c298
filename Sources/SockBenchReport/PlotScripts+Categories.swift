import Foundation
import SockBenchModel
import SockBenchStore

/// A figure of per-cell medians with 95% CI bars at named x positions (a transport, a TCP_NODELAY
/// setting) rather than along a numeric axis: one point per cell, so a comparison of a few cells
/// reads at a glance, on a log y axis when the values span a decade.
struct CategoryFigure {
    /// One drawn cell: its category (x position), its rows, its look, and its key entry if any.
    struct Point {
        var category: Int
        var filter: RowFilter
        var style: Int
        /// Several points in one category sit side by side: offset in category widths.
        var offset = 0.0
        /// A gnuplot point type overriding the style's (tells apart the points of one category).
        var pointType: Int? = nil
        var title: String? = nil
    }

    var name: String
    var title: String
    var held: RowFilter
    var categories: [String]
    var metric: Metric
    var yLabel: String
    var engineering = false
    var note: String?
    var points: [Point]

    /// The script, or nil when no point has a value to draw.
    func script(run: PlotRun) -> FigureScript? {
        let rows = run.summary
        let drawn = points.filter { !rows.numbers(metric, where: whole($0)).isEmpty }
        guard !drawn.isEmpty else { return nil }
        let columns = SummaryStatistic.interval.map { $0.column(metric) }
        let ys = drawn.flatMap { point in SummaryStatistic.interval.flatMap { rows.numbers(metric, $0, where: whole(point)) } }

        var body = ["", "summary = run.'/summary.csv'"] + GnuplotText.filterFunctions
        body += ["", "# The row of each point (column=value words, see keep above)."]
        body.append("held = \(GnuplotText.quoted(held.text))")
        for (index, point) in drawn.enumerated() {
            body.append("p\(index + 1) = \(GnuplotText.quoted(point.filter.text + " ")).held  # \(categories[point.category].replacingOccurrences(of: "\n", with: " "))\(point.title.map { ", " + $0 } ?? "")")
        }
        body += ["", "# Copy each point's row (median, 95% CI low, CI high) into a datablock."] + GnuplotText.readCSV
        for index in drawn.indices {
            body += ["set table $p\(index + 1)", "plot summary using \(columns.map(GnuplotText.quoted).joined(separator: ":")) with table if (keep(p\(index + 1)))"]
        }
        let tics = categories.enumerated().map { "\(GnuplotText.quoted($0.element)) \($0.offset)" }
        body += ["unset table"] + GnuplotText.readColumns + [
            "",
            "set xrange [-0.6:\(categories.count) - 0.4]",
            "set xtics scale 0 (\(tics.joined(separator: ", ")))",
            "set ylabel \(GnuplotText.quoted(yLabel))",
        ]
        // Two-line tic labels need room under the axis.
        if categories.contains(where: { $0.contains("\n") }) { body.append("set bmargin 5") }
        body += GnuplotText.yAxis(ys, engineering: engineering)
        let elements = drawn.enumerated().map { index, point in
            let x = GnuplotText.number(Double(point.category) + point.offset)
            let type = point.pointType.map { " pt \($0)" } ?? ""
            return "$p\(index + 1) using (\(x)):1:2:3 with yerrorbars ls \(point.style)\(type) ps 1.6 \(point.title.map { "title \(GnuplotText.quoted($0))" } ?? "notitle")"
        }
        let subtitle = GnuplotText.subtitle(["run \(run.name)", "median and 95% CI over repetitions", held.label] + [note].compactMap { $0 })
        return FigureScript(name: name, title: title, subtitle: subtitle, body: body, elements: elements)
    }

    private func whole(_ point: Point) -> RowFilter {
        RowFilter(conditions: point.filter.conditions + held.conditions)
    }
}

import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// One figure's script before the parts every script shares: its title, the lines that select its
/// data and set up its axes, and the elements of its plot command.
struct FigureScript {
    /// File name without extension: `msg-rate-stream` gives msg-rate-stream.gp, .png and .svg.
    var name: String
    var title: String
    /// The second title line: what is drawn and what is held fixed.
    var subtitle: String
    var body: [String]
    /// The elements of the plot command, in drawing order.
    var elements: [String]
}

/// The text of a generated gnuplot script: a header saying how to re-render it, the run and output
/// paths, the shared look (terminals, colours, key), the figure, and a replot to SVG.
enum GnuplotText {
    static let size = "1000,600"
    static let font = "DejaVu Sans,11"

    /// Colour-blind-safe colours (Okabe-Ito, and Tol's wine for the ninth) with a point type each,
    /// so lines differ in grey too.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999", "#882255"]
    static let points = [7, 5, 9, 11, 13, 15, 4, 6, 8]
    /// The one table of transport colours: transport i draws with line style i + 1 (palette[i]) in
    /// every figure, so unix is blue and tcp orange-red wherever they appear. Other axes vary the
    /// dash (lines) or fill pattern (bars), never the colour.
    static let transportStyles = ["unix", "tcp", "udp", "unix-dgram", "unix-seqpacket", "tcp6", "udp6", "pipe", "shm"]

    /// `../../results/x` from `plots/x` to `results/x` (both made absolute first).
    static func relativePath(from base: String, to target: String) -> String {
        func parts(_ path: String) -> [String] {
            URL(fileURLWithPath: path).standardizedFileURL.path.split(separator: "/").map(String.init)
        }
        let from = parts(base), to = parts(target)
        var common = 0
        while common < min(from.count, to.count) && from[common] == to[common] { common += 1 }
        let up = Array(repeating: "..", count: from.count - common)
        let path = (up + to[common...]).joined(separator: "/")
        return path.isEmpty ? "." : path
    }

    static func script(_ figure: FigureScript, run: PlotRun, outputDirectory: String) -> String {
        let runPath = relativePath(from: outputDirectory, to: run.directory)
        // No absolute path of this machine goes into the script: it must work from any clone.
        var lines = [
            "# \(figure.title)",
            "# Written by `sockbench plot` from the run \(runPath) (relative to this script).",
            "# It reads the run's files where they are. Edit anything, then render again from any directory:",
            "#   gnuplot PATH/TO/\(figure.name).gp",
            "# which rewrites \(figure.name).png and \(figure.name).svg next to this script.",
            "",
            "# Ranges, tics and the rows of each line were chosen from this run's values when this was written.",
            "# Paths are relative to this script (gnuplot sets ARG0 to the script's path), so a clone of the",
            "# repository or a copied directory tree still finds the run.",
            "here = (strlen(ARG0) > 0) ? system(\"dirname '\".ARG0.\"'\") : '.'",
            "run = here.'/\(runPath)'",
            "output = here.'/\(figure.name)'  # .png and .svg are appended",
            "",
        ]
        lines += preamble
        lines += ["", "set title \(quoted(figure.title + "\n" + figure.subtitle))"]
        lines += figure.body
        lines += ["plot " + figure.elements.joined(separator: ", \\\n     ")]
        lines += [
            "",
            "# The same figure as SVG.",
            "set terminal svg size \(size) font \(quoted(font)) noenhanced background rgb \"white\"",
            "set output output.'.svg'",
            "replot",
            "set output",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Terminal, colours, grid and key, the same in every script. Text is not "enhanced", so `_` and
    /// `^` in labels print as themselves.
    static var preamble: [String] {
        var lines = [
            "if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {",
            "    set terminal pngcairo size \(size) font \(quoted(font)) noenhanced",
            "} else {",
            "    set terminal png size \(size) noenhanced",
            "}",
            "set output output.'.png'",
            "",
        ]
        for (index, colour) in palette.enumerated() {
            lines.append("set style line \(index + 1) lc rgb \"\(colour)\" lw 2 pt \(points[index]) ps 1.2")
        }
        lines += [
            "set grid back lc rgb \"#e0e0e0\"",
            "set border 3",
            "set tics nomirror",
            "set key outside right top Left reverse samplen 3 spacing 1.2",
        ]
        return lines
    }

    /// `keep(f)`: does the current row match filter `f`, space-separated `column=value` words? An
    /// empty cell ("does not apply", such as nodelay on unix) matches any value, except in a
    /// `column==value` word (as RowFilter does).
    static let filterFunctions = [
        "# keep(f): the current row matches every column=value word of filter f; an empty cell",
        "# (\"does not apply\", such as nodelay on unix) matches any value, except in a column==value",
        "# word (an empty rate or connections cell is a value of its own).",
        "exact_matches(w) = strcol(w[1:strstrt(w, \"==\") - 1]) eq w[strstrt(w, \"==\") + 2:]",
        "loose_matches(w) = (strcol(w[1:strstrt(w, \"=\") - 1]) eq w[strstrt(w, \"=\") + 1:]) || (strcol(w[1:strstrt(w, \"=\") - 1]) eq \"\")",
        "cell_matches(w) = strstrt(w, \"==\") > 0 ? exact_matches(w) : loose_matches(w)",
        "row_matches(f, i) = i > words(f) ? 1 : (cell_matches(word(f, i)) ? row_matches(f, i + 1) : 0)",
        "keep(f) = row_matches(f, 1)",
    ]

    /// Reading comma-separated files with a header row, so columns are found by name.
    static let readCSV = ["set datafile separator comma", "set datafile columnheaders"]
    /// Reading whitespace-separated data without a header (datablocks, .hgrm files).
    static let readColumns = ["set datafile separator whitespace", "set datafile nocolumnheaders"]

    /// A double-quoted gnuplot string: backslash and quote escaped, newlines as `\n`.
    static func quoted(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"" + escaped.replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// A single-quoted gnuplot string, which takes backslashes literally (paths); `'` is doubled.
    static func quotedPath(_ path: String) -> String {
        "'" + path.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Tic marks at the measured byte counts (`64B`, `200B`, `16KiB`), so each point sits on a
    /// labelled tic; powers of two instead when more than a dozen values would crowd the axis.
    static func measuredByteTics(_ values: [Double]) -> String {
        let distinct = Array(Set(values.map { Int($0.rounded()) })).sorted()
        guard distinct.count <= 12, let low = distinct.first, let high = distinct.last else {
            return byteTics(low: values.min() ?? 1, high: values.max() ?? 1)
        }
        _ = (low, high)
        return "set xtics (\(distinct.map { "\(quoted(PlotAxes.bytes(String($0)))) \($0)" }.joined(separator: ", ")))"
    }

    /// Tic marks at the measured counts (`1`, `100`, `10000`), each point on a labelled tic.
    static func measuredCountTics(_ values: [Double]) -> String {
        let distinct = Array(Set(values.map { Int($0.rounded()) })).sorted()
        return "set xtics (\(distinct.map { "\(quoted(String($0))) \($0)" }.joined(separator: ", ")))"
    }

    /// Tic marks at powers of two across [low, high], at most about ten, labelled `64B`, `16KiB`.
    static func byteTics(low: Double, high: Double) -> String {
        let first = Int(floor(log2(max(low, 1))))
        let last = Int(ceil(log2(max(high, 1))))
        let step = max(1, Int(ceil(Double(last - first + 1) / 10)))
        let tics = stride(from: first, through: last, by: step).map { power in
            let value = 1 << power
            return "\(quoted(PlotAxes.bytes(String(value)))) \(value)"
        }
        return "set xtics (\(tics.joined(separator: ", ")))"
    }

    /// The second title line from its parts, joined with ` · ` and wrapped so it fits the width.
    static func subtitle(_ parts: [String]) -> String {
        var lines: [String] = []
        for part in parts where !part.isEmpty {
            if let last = lines.last, last.count + part.count + 3 <= 110 {
                lines[lines.count - 1] = last + " · " + part
            } else {
                lines.append(part)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The y axis for `values` (medians and CI ends): logarithmic with 1-2-5 tics when they are all
    /// positive and span a decade or more, else linear from zero with about six tics. Labels are
    /// written out (`20k`, `1.5M` when `engineering`), so none is rounded to a wrong value.
    static func yAxis(_ values: [Double], engineering: Bool) -> [String] {
        guard let low = values.min(), let high = values.max(), high > 0 else { return ["set yrange [0:*]"] }
        let label = { (value: Double) -> String in engineering ? engineeringLabel(value) : plainLabel(value) }
        if low > 0 && high / low >= 10 {
            let (bottom, top) = (low / 1.25, high * 1.25)
            let decades = Int(floor(log10(bottom)))...Int(ceil(log10(top)))
            let mantissas: [Double] = log10(top / bottom) > 3 ? [1] : [1, 2, 5]
            let tics = decades.flatMap { decade in mantissas.map { $0 * pow(10, Double(decade)) } }.filter { $0 >= bottom && $0 <= top }
            return ["set logscale y", "set yrange [\(number(bottom)):\(number(top))]", ytics(tics, label)]
        }
        let top = high * 1.08
        let rough = top / 6
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough }!
        let tics = (0...Int(top / step)).map { Double($0) * step }
        return ["set yrange [0:\(number(top))]", ytics(tics, label)]
    }

    private static func ytics(_ tics: [Double], _ label: (Double) -> String) -> String {
        "set ytics (\(tics.map { "\(quoted(label($0))) \(number($0))" }.joined(separator: ", ")))"
    }

    /// `950`, `20k`, `1.5M`: counts such as msg/s.
    static func engineeringLabel(_ value: Double) -> String {
        for (scale, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where abs(value) >= scale {
            return String(format: "%g", (value / scale * 1000).rounded() / 1000) + suffix
        }
        return plainLabel(value)
    }

    /// `0.05`, `2.5`, `20000`: quantities with a unit (µs, MB/s, a ratio).
    static func plainLabel(_ value: Double) -> String {
        abs(value) >= 1e5 ? String(format: "%.0f", value) : String(format: "%g", value)
    }

    /// A number as the script writes it: short, and exact enough for a range or a tic.
    static func number(_ value: Double) -> String {
        String(format: "%.6g", value)
    }
}

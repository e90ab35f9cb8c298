import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// A CSV file of a run as the figure builders see it: its absolute path and its rows by column name.
/// The scripts read the file again themselves; this copy only decides which figures and series exist.
struct PlotTable {
    var path: String
    var rows: [[String: String]]

    /// Reads `path`; a header that lacks one of `required` is malformed (the file is not what the
    /// scripts expect to read).
    static func read(_ path: String, required: [String]) throws(ReportError) -> PlotTable {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .notFound("cannot read \(path)")
        }
        let records = CSV.parse(text)
        guard let header = records.first else { throw .malformed("\(path) is empty") }
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw .malformed("\(path) lacks the column(s) \(missing.joined(separator: ", "))")
        }
        let rows = records.dropFirst().filter { $0.count == header.count }.map { fields in
            Dictionary(zip(header, fields), uniquingKeysWith: { first, _ in first })
        }
        return PlotTable(path: path, rows: rows)
    }
}

/// Which summary.csv rows a series draws: every `column=value` condition must match, and an empty
/// cell ("does not apply", such as nodelay on unix) matches any value; an exact condition
/// (`column==value`, for columns whose empty cell is a value of its own, such as connections) matches its
/// value only. The scripts carry the same rule as the gnuplot function `keep(filter)`, so a filter
/// means the same on both sides.
struct RowFilter: Hashable {
    struct Condition: Hashable {
        var column: String
        var value: String
        /// An empty cell does not match (it is a value, not "does not apply").
        var exact = false

        /// The condition as a word of the scripts' filters.
        var text: String { "\(column)\(exact ? "==" : "=")\(value)" }
    }

    var conditions: [Condition] = []

    func accepts(_ row: [String: String]) -> Bool {
        conditions.allSatisfy { condition in
            let cell = row[condition.column] ?? ""
            return cell == condition.value || (cell.isEmpty && !condition.exact)
        }
    }

    /// This filter with one more condition; values never hold spaces (they are axis values).
    func and(_ column: String, _ value: String, exact: Bool = false) -> RowFilter {
        RowFilter(conditions: conditions + [Condition(column: column, value: value, exact: exact)])
    }

    /// This filter with every condition of `other` appended.
    func and(contentsOf other: RowFilter) -> RowFilter {
        RowFilter(conditions: conditions + other.conditions)
    }

    /// The filter as gnuplot reads it: space-separated `column=value` words.
    var text: String { conditions.map(\.text).joined(separator: " ") }

    /// Which facet a figure is, for its subtitle: `this figure: cpu=split, TCP_NODELAY=on (each
    /// combination has its own)`. The pattern is left out (the title names it).
    var label: String {
        let facet = conditions.filter { $0.column != "pattern" }.map(PlotAxes.spelled)
        return facet.isEmpty ? "" : "this figure: " + facet.joined(separator: ", ") + " (each combination has its own)"
    }
}

/// The matrix axes as summary.csv spells them; `PlotFacet` splits a figure by the ones it does not draw.
enum PlotAxes {
    static let columns = [
        "transport", "pattern", "size_bytes", "sndbuf_requested", "rcvbuf_requested", "nodelay", "mode", "cpu", "pairs", "batch",
        "reply_size_bytes", "writes", "reply_writes", "split_write", "quickack", "connections",
    ]

    /// Axes a summary.csv written before them lacks: none of its cells had them (every split was
    /// plain, no quick ACKs), so no figure facets or filters by them.
    static let optionalColumns: Set = ["split_write", "quickack"]

    static func shortName(_ column: String) -> String {
        switch column {
        case "size_bytes": "size"
        case "sndbuf_requested": "sndbuf"
        case "rcvbuf_requested": "rcvbuf"
        case "nodelay": "TCP_NODELAY"
        case "reply_size_bytes": "reply"
        case "connections": "conns"
        case "rate_offered": "rate"
        default: column
        }
    }

    /// The distinct non-empty values of `column` in `rows`, in order of first appearance.
    static func values(_ column: String, in rows: [[String: String]]) -> [String] {
        var seen: Set<String> = []
        return rows.compactMap { row in
            guard let value = row[column], !value.isEmpty, seen.insert(value).inserted else { return nil }
            return value
        }
    }

    /// A byte count for labels, as the run table prints it: `64B`, `16KiB`.
    static func bytes(_ text: String) -> String {
        Int(text).map(Quantities.formatBytes) ?? text
    }
}

/// A run directory as the plots need it: absolute paths, its name, summary.csv and the optional
/// claim.csv.
struct PlotRun {
    var directory: String
    var name: String
    var summary: PlotTable
    var claim: PlotTable?
    /// compare.csv of `run --compare`.
    var compare: PlotTable? = nil
    /// claim-pairs.csv and compare-pairs.csv, when they date their slots (`time_s`).
    var claimPairs: PlotTable? = nil
    var comparePairs: PlotTable? = nil

    static let compareColumns = ["axis", "a", "b", "metric", "ratio", "ratio_low", "ratio_high", "label"]

    static let claimColumns = [
        "condition", "unix_msg_per_s", "unix_ci_low", "unix_ci_high", "tcp_msg_per_s", "tcp_ci_low", "tcp_ci_high",
        "ratio", "ratio_low", "ratio_high", "verdict",
    ]

    static func load(_ path: String) throws(ReportError) -> PlotRun {
        let directory = URL(fileURLWithPath: path).standardizedFileURL.path
        let run = try RunDirectory.open(directory)
        // The figures read summary.csv, but a damaged measurements.csv is refused here as check and report refuse it.
        _ = try run.measurementRows()
        guard FileManager.default.fileExists(atPath: run.summaryPath) else {
            let advice = (try? run.readMetadata())?.finishAdvice(path) ?? "finish it with: sockbench run --resume \(path)"
            throw .notFound("\(path) has no summary.csv yet; \(advice)")
        }
        let required = PlotAxes.columns.filter { !PlotAxes.optionalColumns.contains($0) }
        let summary = try PlotTable.read(run.summaryPath, required: ["cell_id"] + required + ["sndbuf_effective", "rcvbuf_effective"])
        let claimPath = "\(directory)/claim.csv"
        let claim = FileManager.default.fileExists(atPath: claimPath) ? try PlotTable.read(claimPath, required: claimColumns) : nil
        let comparePath = "\(directory)/compare.csv"
        let compare = FileManager.default.fileExists(atPath: comparePath) ? try PlotTable.read(comparePath, required: compareColumns) : nil
        func pairs(_ file: String) -> PlotTable? {
            let path = "\(directory)/\(file)"
            return FileManager.default.fileExists(atPath: path) ? try? PlotTable.read(path, required: ["ratio", "time_s"]) : nil
        }
        return PlotRun(
            directory: directory, name: (directory as NSString).lastPathComponent, summary: summary, claim: claim, compare: compare,
            claimPairs: pairs("claim-pairs.csv"), comparePairs: pairs("compare-pairs.csv")
        )
    }

    /// The summary rows of one pattern.
    func rows(pattern: String) -> [[String: String]] {
        summary.rows.filter { $0["pattern"] == pattern }
    }

    /// Patterns present, stream first (the throughput figures lead).
    var patterns: [String] {
        PlotAxes.values("pattern", in: summary.rows).sorted { ($0 == "stream" ? 0 : 1) < ($1 == "stream" ? 0 : 1) }
    }

    /// The merged .hgrm percentile distribution written for a ping-pong row, when it exists.
    func histogramPath(_ row: [String: String]) -> String? {
        guard let id = row["cell_id"] else { return nil }
        let path = "\(directory)/histograms/\(RunDirectory.fileName(cellID: id)).hgrm"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}

/// One line of an .hgrm percentile distribution.
struct HistogramPoint {
    var microseconds: Double
    /// 1/(1-percentile): 10 at 90%, 1000 at 99.9%.
    var inverseTail: Double
}

extension PlotRun {
    /// The points of an .hgrm file: lines of four numbers (the last line, at 100%, has three).
    func histogramPoints(_ path: String) -> [HistogramPoint] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ").compactMap { Double($0) }
            return fields.count == 4 ? HistogramPoint(microseconds: fields[0], inverseTail: fields[3]) : nil
        }
    }
}

extension [[String: String]] {
    /// The finite numbers of `column` on the rows `filter` accepts.
    func numbers(_ column: String, where filter: RowFilter) -> [Double] {
        compactMap { row in filter.accepts(row) ? row[column].flatMap(Double.init) : nil }.filter(\.isFinite)
    }
}

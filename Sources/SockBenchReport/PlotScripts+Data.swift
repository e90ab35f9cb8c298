import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// Which summary.csv rows a series draws: every `axis=value` condition must match, and an empty
/// cell ("does not apply", such as nodelay on unix) matches any value; an exact condition
/// (`axis==value`, for axes whose empty cell is a value of its own, such as connections) matches its
/// value only. Values are spelled as summary.csv spells them (`SummaryAxis.field`): the scripts
/// carry the same rule as the gnuplot function `keep(filter)`, so a filter means the same on both sides.
struct RowFilter: Hashable {
    struct Condition: Hashable {
        var axis: SummaryAxis
        var value: String
        /// An empty cell does not match (it is a value, not "does not apply").
        var exact = false

        /// The condition as a word of the scripts' filters.
        var text: String { "\(axis.column)\(exact ? "==" : "=")\(value)" }
    }

    var conditions: [Condition] = []

    func accepts(_ row: SummaryRow) -> Bool {
        conditions.allSatisfy { condition in
            let cell = row.field(condition.axis) ?? ""
            return cell == condition.value || (cell.isEmpty && !condition.exact)
        }
    }

    /// This filter with one more condition; values never hold spaces (they are axis values).
    func and(_ axis: SummaryAxis, _ value: String, exact: Bool = false) -> RowFilter {
        RowFilter(conditions: conditions + [Condition(axis: axis, value: value, exact: exact)])
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
        let facet = conditions.filter { $0.axis != .pattern }.map(PlotAxes.spelled)
        return facet.isEmpty ? "" : "this figure: " + facet.joined(separator: ", ") + " (each combination has its own)"
    }
}

/// The matrix axes as figures name them; `PlotFacet` splits a figure by the ones it does not draw.
enum PlotAxes {
    static let columns = SummaryAxis.matrix

    static func shortName(_ axis: SummaryAxis) -> String {
        switch axis {
        case .size: "size"
        case .sendBufferRequested: "sndbuf"
        case .receiveBufferRequested: "rcvbuf"
        case .noDelay: "TCP_NODELAY"
        case .replySize: "reply"
        case .connections: "conns"
        case .rateOffered: "rate"
        default: axis.column
        }
    }

    /// The distinct non-empty values of `axis` in `rows`, in order of first appearance.
    static func values(_ axis: SummaryAxis, in rows: [SummaryRow]) -> [String] {
        var seen: Set<String> = []
        return rows.compactMap { row in
            guard let value = row.field(axis), !value.isEmpty, seen.insert(value).inserted else { return nil }
            return value
        }
    }

    /// A byte count for labels, as the run table prints it: `64B`, `16KiB`.
    static func bytes(_ text: String) -> String {
        Int(text).map(Quantities.formatBytes) ?? text
    }
}

/// A run directory as the plots need it: absolute paths, its name, its summary rows and the
/// optional claim.csv, compare.csv and pairs files, read by the store's readers.
struct PlotRun {
    var directory: String
    var name: String
    var summary: [SummaryRow]
    var claim: CSVTable<ClaimColumn>?
    /// compare.csv of `run --compare`.
    var compare: CSVTable<CompareColumn>? = nil
    /// claim-pairs.csv and compare-pairs.csv, when they date their slots (`time_s`).
    var claimPairs: CSVTable<ClaimPairColumn>? = nil
    var comparePairs: CSVTable<ComparePairColumn>? = nil

    static let compareColumns: [CompareColumn] = [.axis, .a, .b, .metric, .ratio, .ratioLow, .ratioHigh, .label]

    static let claimColumns: [ClaimColumn] = [
        .condition, .unixRate, .unixLow, .unixHigh, .tcpRate, .tcpLow, .tcpHigh, .ratio, .ratioLow, .ratioHigh, .verdict,
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
        let summary = try SummaryCSV.read(run.summaryPath)
        func table<Column: RawRepresentable & CaseIterable & Hashable & Sendable>(
            _ file: String, required: [Column]
        ) throws(ReportError) -> CSVTable<Column>? where Column.RawValue == String {
            let path = "\(directory)/\(file)"
            return FileManager.default.fileExists(atPath: path) ? try CSVTable.read(path, required: required) : nil
        }
        let claim = try table("claim.csv", required: claimColumns)
        let compare = try table("compare.csv", required: compareColumns)
        return PlotRun(
            directory: directory, name: (directory as NSString).lastPathComponent, summary: summary, claim: claim, compare: compare,
            claimPairs: try? table("claim-pairs.csv", required: [.ratio, .time]),
            comparePairs: try? table("compare-pairs.csv", required: [.ratio, .time])
        )
    }

    /// The summary rows of one pattern.
    func rows(pattern: String) -> [SummaryRow] {
        summary.filter { $0.field(.pattern) == pattern }
    }

    /// Patterns present, stream first (the throughput figures lead).
    var patterns: [String] {
        PlotAxes.values(.pattern, in: summary).sorted { ($0 == "stream" ? 0 : 1) < ($1 == "stream" ? 0 : 1) }
    }

    /// The merged .hgrm percentile distribution written for a ping-pong row, when it exists.
    func histogramPath(_ row: SummaryRow) -> String? {
        let path = "\(directory)/histograms/\(RunDirectory.fileName(cellID: row.cellID)).hgrm"
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

extension [SummaryRow] {
    /// The finite values of `metric`'s `statistic` on the rows `filter` accepts.
    func numbers(_ metric: Metric, _ statistic: SummaryStatistic = .median, where filter: RowFilter) -> [Double] {
        compactMap { row in filter.accepts(row) ? row.value(metric, statistic) : nil }.filter(\.isFinite)
    }
}

import Foundation
import SockBenchStore

/// One of the figures a figure becomes when axes it does not draw vary: it is drawn once per
/// combination of their values (a facet), with the values in its title and file name, so no two
/// rows share a point (and every row is in some figure, but a one-size facet of a figure against size).
struct PlotFacet {
    /// The pattern and the facet's values: the rows this figure draws (its `held` filter).
    var filter: RowFilter
    /// The facet's own `column=value` conditions; empty when the figure is the only one.
    var conditions: [RowFilter.Condition]

    /// `-cpu-split`: appended to the figure's file name ("" for the only one).
    var nameSuffix: String {
        conditions.map { "-" + PlotAxes.fileName($0) }.joined()
    }

    /// `, cpu=split`: appended to the figure's title ("" for the only one).
    var titleSuffix: String {
        conditions.isEmpty ? "" : ", " + conditions.map(PlotAxes.spelled).joined(separator: ", ")
    }

    /// The figures of `rows` (one pattern's) for a figure that draws the axes `varying` itself:
    /// one per combination of the values of every other axis that varies.
    ///
    /// A figure drawn against an axis (`needsTwoOf`: message size, or the axis a comparison
    /// compares) needs two of its values: when several facets exist, one whose rows have a single
    /// value (a point per line, or one side of a comparison, which its table row already says) is
    /// left out, so a run of one size across many other axes does not become a page of one-point
    /// figures.
    static func all(pattern: String, _ rows: [SummaryRow], varying: Set<SummaryAxis>, needsTwoOf drawn: SummaryAxis? = nil) -> [PlotFacet] {
        // The reply size of an echo is the request size: it varies wherever the size does.
        let varying = varying.contains(.size) ? varying.union([.replySize]) : varying
        let facets = PlotAxes.facets(in: rows, except: varying).map { conditions in
            PlotFacet(filter: RowFilter(conditions: [.init(axis: .pattern, value: pattern)] + conditions), conditions: conditions)
        }
        guard let drawn, facets.count > 1 else { return facets }
        return facets.filter { facet in PlotAxes.values(drawn, in: rows.filter(facet.filter.accepts)).count > 1 }
    }
}

extension PlotAxes {
    /// Every axis a figure can be faceted by: the matrix axes, then the columns that only some
    /// summaries have (paced runs' rate, a cell's own idle policy, the control loops' engine).
    static let facetColumns = columns + SummaryAxis.later

    /// The value a row has on `axis` for faceting: nil when it does not apply (matches any facet)
    /// or when the summary has no such column.
    static func facetValue(_ row: SummaryRow, _ axis: SummaryAxis) -> String? {
        guard let value = row.field(axis) else { return nil }
        return value.isEmpty && !axis.emptyIsAValue ? nil : value
    }

    /// The facets of `rows` for a figure that draws the axes `varied`: every combination of the
    /// other varying axes' values that some row has, in the order the rows first have them. A row
    /// that does not apply on an axis (nodelay of unix) is drawn in every facet of that axis; a row
    /// no full combination takes in gets a facet of its own values. `[[]]` when nothing else varies.
    static func facets(in rows: [SummaryRow], except varied: Set<SummaryAxis>) -> [[RowFilter.Condition]] {
        let axes = facetColumns.filter { column in
            !varied.contains(column) && Set(rows.compactMap { facetValue($0, column) }).count > 1
        }
        guard !axes.isEmpty else { return [[]] }
        let tuples = rows.map { row in axes.map { facetValue(row, $0) } }
        var combinations: [[String?]] = []
        for tuple in tuples where !tuple.contains(nil) && !combinations.contains(tuple) { combinations.append(tuple) }
        for tuple in tuples where !combinations.contains(where: { Self.takesIn($0, tuple) }) { combinations.append(tuple) }
        return combinations.map { combination in
            zip(axes, combination).compactMap { axis, value in
                value.map { RowFilter.Condition(axis: axis, value: $0, exact: axis.emptyIsAValue) }
            }
        }
    }

    /// Whether facet `combination` draws a row whose facet values are `tuple` (nil: does not apply).
    private static func takesIn(_ combination: [String?], _ tuple: [String?]) -> Bool {
        zip(combination, tuple).allSatisfy { facet, row in facet == nil || row == nil || facet == row }
    }

    /// A condition as a reader says it: `cpu=split`, `size=1KiB`, `conns=none`, `rate=max`.
    static func spelled(_ condition: RowFilter.Condition) -> String {
        "\(shortName(condition.axis))=\(readable(condition))"
    }

    /// A condition as part of a file name: `cpu-split`, `size-1KiB`, `nodelay-on`.
    static func fileName(_ condition: RowFilter.Condition) -> String {
        let name = condition.axis == .noDelay ? "nodelay" : shortName(condition.axis)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".+_"))
        let value = String(readable(condition).unicodeScalars.map { allowed.contains($0) && $0.isASCII ? Character($0) : "_" })
        return "\(name)-\(value)"
    }

    /// The value of a condition in words: byte counts as `1KiB`, and what an empty value means.
    static func readable(_ condition: RowFilter.Condition) -> String {
        switch (condition.axis, condition.value) {
        case (.connections, ""): "none"
        case (.rateOffered, ""): "max"
        case (.size, _), (.sendBufferRequested, _), (.receiveBufferRequested, _), (.replySize, _): bytes(condition.value)
        default: condition.value
        }
    }
}

import Foundation
import SockBenchModel
import SockBenchStore

/// The figures of the connection cells: `--connections` sweeps, the connect pattern, and split
/// writes with TCP_NODELAY on and off (the Nagle trap).
extension PlotScripts {
    /// msg/s and round-trip p99 against connections to one server, a line per transport measured at
    /// two or more connection counts with the other axes held.
    static func connectionFigures(_ run: PlotRun) -> [FigureScript] {
        let rows = run.rows(pattern: "pingpong").filter { !($0.field(.connections) ?? "").isEmpty }
        return PlotFacet.all(pattern: "pingpong", rows, varying: [.transport, .connections]).flatMap { facet -> [FigureScript] in
            let swept = transports(rows).filter { transport in
                PlotAxes.values(.connections, in: rows.filter(facet.filter.and(.transport, transport).accepts)).count > 1
            }
            guard !swept.isEmpty else { return [] }
            let series = { (metric: Metric) in
                swept.map { PlotSeries(title: $0, filter: RowFilter().and(.transport, $0), metric: metric, style: style(transport: $0)) }
            }
            return [
                LineFigure(
                    name: "msg-rate-vs-connections" + facet.nameSuffix, title: "Messages per second vs connections to one server: pingpong" + facet.titleSuffix,
                    held: facet.filter, x: .connections, yLabel: messageRateLabel, engineering: true,
                    note: "summed over the client processes; a round trip counts 2 messages", series: series(.messagesPerSecond)
                ).script(run: run),
                LineFigure(
                    name: "p99-vs-connections" + facet.nameSuffix, title: "Round-trip p99 vs connections to one server: pingpong" + facet.titleSuffix,
                    held: facet.filter, x: .connections, yLabel: "round-trip time p99 (µs)",
                    note: "RTTs merged over every connection", series: series(.roundTripP99)
                ).script(run: run),
            ].compactMap { $0 }
        }
    }

    /// The connect pattern (connect, request, reply, close per transaction): transactions per second
    /// and the connect() p50, a point per transport.
    static func connectFigures(_ run: PlotRun) -> [FigureScript] {
        let rows = run.rows(pattern: "connect")
        return PlotFacet.all(pattern: "connect", rows, varying: [.transport]).flatMap { facet -> [FigureScript] in
            let measured = transports(rows.filter(facet.filter.accepts))
            guard !measured.isEmpty else { return [] }
            let points = measured.enumerated().map { index, transport in
                CategoryFigure.Point(category: index, filter: RowFilter().and(.transport, transport), style: style(transport: transport))
            }
            return [
                CategoryFigure(
                    name: "connect-rate" + facet.nameSuffix, title: "A connection per request: transactions per second" + facet.titleSuffix, held: facet.filter,
                    categories: measured, metric: .messagesPerSecond, yLabel: "transactions per second (connect, request, reply, close)",
                    engineering: true, note: nil, points: points
                ).script(run: run),
                CategoryFigure(
                    name: "connect-time" + facet.nameSuffix, title: "A connection per request: connect() time p50" + facet.titleSuffix, held: facet.filter,
                    categories: measured, metric: .connectP50, yLabel: "connect() p50 (µs)",
                    note: "the median of each repetition's connect() p50", points: points
                ).script(run: run),
            ].compactMap { $0 }
        }
    }

    /// Ping-pong RTT p50 of round trips written whole and split (header, then body), per transport
    /// and TCP_NODELAY setting: a point per way of writing that the run measured (`--writes` for the
    /// request, `--reply-writes` for the reply); drawn when the run has a split and a whole one, once
    /// per combination of the other axes that vary.
    static func splitWriteFigures(_ run: PlotRun) -> [FigureScript] {
        let rows = run.rows(pattern: "pingpong")
        let present = SplitShape.shapes(for: rows).filter { shape in rows.contains(where: shape.filter.accepts) }
        guard present.count > 1, present.contains(where: \.isSplit) else { return [] }
        return PlotFacet.all(pattern: "pingpong", rows, varying: [.transport, .noDelay, .writes, .replyWrites]).compactMap { facet in
            splitWriteFigure(run, rows: rows, facet: facet, present: present)
        }
    }

    private static func splitWriteFigure(_ run: PlotRun, rows: [SummaryRow], facet: PlotFacet, present: [SplitShape]) -> FigureScript? {
        let common = facet.filter
        // A category per transport and TCP_NODELAY setting that was measured split.
        var categories: [String] = []
        var points: [CategoryFigure.Point] = []
        let step = 0.24 / Double(present.count - 1)
        for transport in transports(rows) {
            let split = rows.filter { row in common.and(.transport, transport).accepts(row) && present.contains { $0.isSplit && $0.filter.accepts(row) } }
            guard !split.isEmpty else { continue }
            let settings = PlotAxes.values(.noDelay, in: split)
            for setting in settings.isEmpty ? [""] : settings {
                var filter = RowFilter().and(.transport, transport)
                if !setting.isEmpty { filter = filter.and(.noDelay, setting) }
                let category = categories.count
                categories.append(setting.isEmpty ? transport : "\(transport) nodelay=\(setting)")
                for (index, shape) in present.enumerated() {
                    let point = filter.and(contentsOf: shape.filter)
                    // One key entry per way of writing, on its first point that has a row.
                    let first = !points.contains { $0.title == shape.title } && rows.contains(where: common.and(contentsOf: point).accepts)
                    points.append(CategoryFigure.Point(
                        category: category, filter: point, style: style(transport: transport), offset: -0.12 + Double(index) * step,
                        pointType: shape.pointType, title: first ? shape.title : nil
                    ))
                }
            }
        }
        guard !categories.isEmpty else { return nil }
        return CategoryFigure(
            name: "split-writes" + facet.nameSuffix, title: "Round-trip p50 of messages written whole or split: pingpong" + facet.titleSuffix, held: common,
            categories: categories, metric: .roundTripP50, yLabel: "round-trip time p50 (µs)",
            note: present.map(\.note).joined(separator: ", "), points: points
        ).script(run: run)
    }
}

/// One way of writing a round trip in the split-writes figure: the request's and the reply's
/// send() calls, and how its points look.
private struct SplitShape {
    var filter: RowFilter
    var isSplit: Bool
    var title: String
    var pointType: Int
    var note: String

    /// Every way a round trip can be written, whole first. A summary.csv written before
    /// `--reply-writes` has no reply_writes column, and its `writes=2` split the reply too.
    static func shapes(for rows: [SummaryRow]) -> [SplitShape] {
        guard !PlotAxes.values(.replyWrites, in: rows).isEmpty else {
            return [
                SplitShape(filter: RowFilter().and(.writes, "1"), isSplit: false, title: "1 write (whole message)", pointType: 7, note: "filled: 1 write"),
                SplitShape(filter: RowFilter().and(.writes, "2"), isSplit: true, title: "2 writes (header, then body), request and reply", pointType: 6, note: "open: 2 writes"),
            ]
        }
        func shape(_ writes: String, _ reply: String, _ title: String, _ pointType: Int, _ note: String) -> SplitShape {
            SplitShape(filter: RowFilter().and(.writes, writes).and(.replyWrites, reply), isSplit: writes == "2" || reply == "2", title: title, pointType: pointType, note: note)
        }
        return [
            shape("1", "1", "request and reply whole", 7, "filled circle: whole"),
            shape("2", "1", "request split (header, then body)", 6, "open circle: request split"),
            shape("1", "2", "reply split", 8, "triangle: reply split"),
            shape("2", "2", "request and reply split", 4, "square: both split"),
        ]
    }
}

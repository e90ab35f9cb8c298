import Foundation
import SockBenchModel

/// The figures of the connection cells: `--connections` sweeps, the connect pattern, and split
/// writes with TCP_NODELAY on and off (the Nagle trap).
extension PlotScripts {
    /// msg/s and round-trip p99 against connections to one server, a line per transport measured at
    /// two or more connection counts with the other axes held.
    static func connectionFigures(_ run: PlotRun) -> [FigureScript] {
        let rows = run.rows(pattern: "pingpong").filter { !($0["connections"] ?? "").isEmpty }
        return PlotFacet.all(pattern: "pingpong", rows, varying: ["transport", "connections"]).flatMap { facet -> [FigureScript] in
            let swept = transports(rows).filter { transport in
                PlotAxes.values("connections", in: rows.filter(facet.filter.and("transport", transport).accepts)).count > 1
            }
            guard !swept.isEmpty else { return [] }
            let series = { (metric: Metric) in
                swept.map { PlotSeries(title: $0, filter: RowFilter().and("transport", $0), metric: metric, style: style(transport: $0)) }
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
        return PlotFacet.all(pattern: "connect", rows, varying: ["transport"]).flatMap { facet -> [FigureScript] in
            let measured = transports(rows.filter(facet.filter.accepts))
            guard !measured.isEmpty else { return [] }
            let points = measured.enumerated().map { index, transport in
                CategoryFigure.Point(category: index, filter: RowFilter().and("transport", transport), style: style(transport: transport))
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

    /// Ping-pong RTT p50 of a message written whole (1 write) and as header + body (2 writes), per
    /// transport and TCP_NODELAY setting; drawn when the run has both.
    static func splitWriteFigures(_ run: PlotRun) -> [FigureScript] {
        let rows = run.rows(pattern: "pingpong")
        guard Set(PlotAxes.values("writes", in: rows)).isSuperset(of: ["1", "2"]) else { return [] }
        return PlotFacet.all(pattern: "pingpong", rows, varying: ["transport", "nodelay", "writes"]).compactMap { facet in
            splitWriteFigure(run, rows: rows, facet: facet)
        }
    }

    private static func splitWriteFigure(_ run: PlotRun, rows: [[String: String]], facet: PlotFacet) -> FigureScript? {
        let common = facet.filter
        // A category per transport and TCP_NODELAY setting that was measured split.
        var categories: [String] = []
        var points: [CategoryFigure.Point] = []
        for transport in transports(rows) {
            let split = rows.filter(common.and("transport", transport).and("writes", "2").accepts)
            guard !split.isEmpty else { continue }
            let settings = PlotAxes.values("nodelay", in: split)
            for setting in settings.isEmpty ? [""] : settings {
                var filter = RowFilter().and("transport", transport)
                if !setting.isEmpty { filter = filter.and("nodelay", setting) }
                let category = categories.count
                categories.append(setting.isEmpty ? transport : "\(transport) nodelay=\(setting)")
                for (offset, writes) in [(-0.12, "1"), (0.12, "2")] {
                    points.append(CategoryFigure.Point(
                        category: category, filter: filter.and("writes", writes), style: style(transport: transport), offset: offset,
                        pointType: writes == "1" ? 7 : 6
                    ))
                }
            }
        }
        guard !categories.isEmpty else { return nil }
        // One key entry per number of writes (filled: whole, open: split), on its first point.
        if let first = points.firstIndex(where: { $0.filter.text.hasSuffix("writes=1") }) { points[first].title = "1 write (whole message)" }
        if let first = points.firstIndex(where: { $0.filter.text.hasSuffix("writes=2") }) { points[first].title = "2 writes (header, then body)" }
        return CategoryFigure(
            name: "split-writes" + facet.nameSuffix, title: "Round-trip p50 of a message written whole or split: pingpong" + facet.titleSuffix, held: common,
            categories: categories, metric: .roundTripP50, yLabel: "round-trip time p50 (µs)",
            note: "filled: 1 write, open: 2 writes", points: points
        ).script(run: run)
    }
}

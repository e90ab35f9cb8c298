import Foundation
import SockBenchModel
import SockBenchStore

extension PlotScripts {
    /// Transports without a socket (`pipe`, `shm`: the floors) and the sockets beside them.
    static let floorTransports: Set<String> = ["pipe", "shm"]

    /// (12) From the floor up: when a run has a floor and a socket, each (transport, I/O mode) it
    /// measured as one point of msg/s, highest first — the shared-memory ring, then the pipe, then
    /// the sockets — one figure per pattern, size and other held axis, on a log y axis where the
    /// points span a decade (the ring runs an order of magnitude above the kernel's paths).
    static func floorFigures(_ run: PlotRun) -> [FigureScript] {
        run.patterns.flatMap { pattern -> [FigureScript] in
            let rows = run.rows(pattern: pattern)
            let all = transports(rows)
            guard all.contains(where: floorTransports.contains), all.contains(where: { !floorTransports.contains($0) }) else { return [] }
            return PlotFacet.all(pattern: pattern, rows, varying: [.transport, .mode], needsTwoOf: .transport).compactMap { facet in
                floorFigure(run, pattern: pattern, rows: rows.filter(facet.filter.accepts), facet: facet)
            }
        }
    }

    private static func floorFigure(_ run: PlotRun, pattern: String, rows: [SummaryRow], facet: PlotFacet) -> FigureScript? {
        let kinds = transports(rows).flatMap { transport in
            PlotAxes.values(.mode, in: rows.filter { $0.field(.transport) == transport }).map { (transport, $0) }
        }
        let measured = kinds.compactMap { transport, mode -> (String, String, Double)? in
            let filter = RowFilter().and(.transport, transport).and(.mode, mode)
            return rows.numbers(.messagesPerSecond, where: filter).max().map { (transport, mode, $0) }
        }.sorted { $0.2 > $1.2 }
        guard measured.count > 1, measured.contains(where: { floorTransports.contains($0.0) }) else { return nil }
        let modes = Set(measured.map(\.1)).count > 1
        return CategoryFigure(
            name: "floor-\(pattern)" + facet.nameSuffix,
            title: "From the floor up: \(pattern)" + facet.titleSuffix,
            held: facet.filter,
            categories: measured.map { modes ? "\($0.0)\n\($0.1)" : $0.0 },
            metric: .messagesPerSecond, yLabel: messageRateLabel, engineering: true,
            note: "highest first; shm and pipe carry no socket" + (pattern == "pingpong" ? "; a round trip counts 2 messages" : ""),
            points: measured.enumerated().map { index, kind in
                .init(category: index, filter: RowFilter().and(.transport, kind.0).and(.mode, kind.1), style: style(transport: kind.0))
            }
        ).script(run: run)
    }
}

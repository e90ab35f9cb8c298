import SockBenchModel
import SockBenchStore

/// The figure of `--threads` cells: aggregate msg/s against threads per worker process, a line per
/// transport with its ideal linear scaling beside it.
extension PlotScripts {
    static func threadFigures(_ run: PlotRun) -> [FigureScript] {
        let rows = run.rows(pattern: "pingpong").filter { !($0.field(.threads) ?? "").isEmpty }
        return PlotFacet.all(pattern: "pingpong", rows, varying: [.transport, .threads]).compactMap { facet -> FigureScript? in
            let swept = transports(rows).filter { transport in
                PlotAxes.values(.threads, in: rows.filter(facet.filter.and(.transport, transport).accepts)).count > 1
            }
            guard !swept.isEmpty else { return nil }
            return LineFigure(
                name: "msg-rate-vs-threads" + facet.nameSuffix, title: "Messages per second vs threads per worker: pingpong" + facet.titleSuffix,
                held: facet.filter, x: .threads, yLabel: messageRateLabel, engineering: true,
                note: "summed over every client thread; dashed: ideal linear scaling from one thread",
                series: swept.map { PlotSeries(title: $0, filter: RowFilter().and(.transport, $0), metric: .messagesPerSecond, style: style(transport: $0)) },
                idealLinear: true
            ).script(run: run)
        }
    }
}

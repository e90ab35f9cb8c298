import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// The figures drawn from summary.csv and the .hgrm files. Each builder returns nil (or nothing)
/// when the run lacks its data, so only figures with something to show are written.
extension PlotScripts {
    /// Every figure the run has data for, in reading order.
    static func figures(for run: PlotRun) -> [FigureScript] {
        var figures: [FigureScript?] = []
        for pattern in run.patterns {
            figures += rateFigures(run, pattern: pattern, metric: .messagesPerSecond)
            figures += rateFigures(run, pattern: pattern, metric: .megabytesPerSecond)
        }
        figures += floorFigures(run)
        figures += latencyFigures(run)
        figures += distributionFigures(run)
        for pattern in run.patterns {
            let sweeps = bufferFigures(run, pattern: pattern, axis: .sendBufferRequested) + bufferFigures(run, pattern: pattern, axis: .receiveBufferRequested)
            figures += sweeps
            if sweeps.isEmpty { figures.append(bufferComparisonFigure(run, pattern: pattern)) }
            figures += comparisonFigures(run, pattern: pattern, axis: .noDelay)
            figures += comparisonFigures(run, pattern: pattern, axis: .mode)
            figures += cpuFigures(run, pattern: pattern)
        }
        figures += connectionFigures(run)
        figures += connectFigures(run)
        figures += splitWriteFigures(run)
        figures += claimFigures(run)
        figures += compareFigures(run)
        figures += driftFigures(run)
        return figures.compactMap { $0 }
    }

    static let messageRateLabel = "messages per second (msg/s)"

    /// (1) msg/s or (2) MB/s against message size, one line per transport; a figure per facet.
    static func rateFigures(_ run: PlotRun, pattern: String, metric: Metric) -> [FigureScript] {
        let rows = run.rows(pattern: pattern)
        let messages = metric == .messagesPerSecond
        return PlotFacet.all(pattern: pattern, rows, varying: [.transport, .size, .replySize], needsTwoOf: .size).compactMap { facet in
            LineFigure(
                name: "\(messages ? "msg-rate" : "throughput")-\(pattern)" + facet.nameSuffix,
                title: "\(messages ? "Messages per second" : "Throughput") vs message size: \(pattern)" + facet.titleSuffix,
                held: facet.filter, x: .size,
                yLabel: messages ? messageRateLabel : "throughput (MB/s, 10^6 bytes per second)",
                engineering: messages,
                note: pattern == "pingpong" && messages ? "a round trip counts 2 messages" : nil,
                series: replySeries(rows.filter(facet.filter.accepts), metric: metric)
            ).script(run: run)
        }
    }

    /// A line per transport (its colour) and, when replies differ from requests, per reply size (dash).
    static func replySeries(_ rows: [SummaryRow], metric: Metric) -> [PlotSeries] {
        let replies = PlotAxes.values(.replySize, in: rows)
        // Replies that only follow the request size (plain echoes) are no axis of their own.
        let independent = PlotAxes.values(.size, in: rows).contains { size in
            PlotAxes.values(.replySize, in: rows.filter { $0.field(.size) == size }).count > 1
        }
        return transports(rows).flatMap { transport in
            let base = RowFilter().and(.transport, transport)
            guard independent else { return [PlotSeries(title: transport, filter: base, metric: metric, style: style(transport: transport))] }
            return replies.enumerated().map { index, reply in
                PlotSeries(title: "\(transport) reply=\(PlotAxes.bytes(reply))", filter: base.and(.replySize, reply),
                           metric: metric, style: style(transport: transport), dash: index + 1)
            }
        }
    }

    /// (3) Ping-pong RTT p50, p99 and p99.9 against message size: colour per transport, dash per percentile.
    static func latencyFigures(_ run: PlotRun) -> [FigureScript] {
        let rows = run.rows(pattern: "pingpong")
        return PlotFacet.all(pattern: "pingpong", rows, varying: [.transport, .size], needsTwoOf: .size).compactMap { facet in
            LineFigure(
                name: "latency-vs-size" + facet.nameSuffix, title: "Ping-pong round-trip time percentiles vs message size" + facet.titleSuffix,
                held: facet.filter, x: .size, yLabel: "round-trip time (µs)",
                series: series(rows.filter(facet.filter.accepts), metrics: [(.roundTripP50, "p50"), (.roundTripP99, "p99"), (.roundTripP999, "p99.9")])
            ).script(run: run)
        }
    }

    /// (5) msg/s against the effective send or receive buffer: colour per transport, dash per
    /// message size, each point labelled with the buffer size requested. A sweep needs two or more values of its buffer on one line with every other axis
    /// held; a run that changed both buffers together has none and gets `bufferComparisonFigure`.
    static func bufferFigures(_ run: PlotRun, pattern: String, axis: SummaryAxis) -> [FigureScript] {
        let rows = run.rows(pattern: pattern)
        let send = axis == .sendBufferRequested
        let buffer = send ? "sndbuf" : "rcvbuf"
        let option = send ? "SO_SNDBUF" : "SO_RCVBUF"
        let requested = PlotAxes.values(axis, in: run.summary).map(PlotAxes.bytes).joined(separator: ", ")
        return PlotFacet.all(pattern: pattern, rows, varying: [.transport, .size, axis]).compactMap { facet -> FigureScript? in
            guard let series = sweepSeries(rows, within: facet.filter, axis: axis) else { return nil }
            return LineFigure(
                name: "\(buffer)-sweep-\(pattern)" + facet.nameSuffix, title: "Messages per second vs \(option) size: \(pattern)" + facet.titleSuffix,
                held: facet.filter,
                x: .init(send ? .sendBufferEffective : .receiveBufferEffective, label: "effective \(option) (bytes, read back after the request)"),
                yLabel: messageRateLabel, engineering: true, note: "point labels: requested \(requested)", series: series,
                pointLabel: axis
            ).script(run: run)
        }
    }

    /// The lines of a buffer sweep in one facet, or nil when no line would have two points: one
    /// line per transport and size that was measured at two or more values of `axis` with the other
    /// axes held (otherwise the x positions would compare transports or the other buffer, not a sweep).
    static func sweepSeries(_ rows: [SummaryRow], within common: RowFilter, axis: SummaryAxis) -> [PlotSeries]? {
        let sizes = PlotAxes.values(.size, in: rows)
        let series = transports(rows).flatMap { transport in
            sizes.enumerated().compactMap { sizeIndex, size -> PlotSeries? in
                let filter = RowFilter().and(.transport, transport).and(.size, size)
                let measured = rows.filter(filter.and(contentsOf: common).accepts)
                guard PlotAxes.values(axis, in: measured).count > 1 else { return nil }
                return PlotSeries(title: "\(transport) \(PlotAxes.bytes(size))", filter: filter, metric: .messagesPerSecond,
                                  style: style(transport: transport), dash: sizeIndex + 1)
            }
        }
        return series.isEmpty ? nil : series
    }

    /// (6) TCP_NODELAY on/off or (7) I/O modes, when the run has more than one value: msg/s against
    /// size, colour per transport (as in every figure), dash per value.
    static func comparisonFigures(_ run: PlotRun, pattern: String, axis: SummaryAxis) -> [FigureScript] {
        let rows = run.rows(pattern: pattern)
        let values = PlotAxes.values(axis, in: rows)
        guard values.count > 1 else { return [] }
        // Only transports with a value on the axis: an empty cell would match every value.
        let compared = transports(rows.filter { !($0.field(axis) ?? "").isEmpty })
        let series = compared.flatMap { transport in
            values.enumerated().map { valueIndex, value in
                PlotSeries(title: "\(transport) \(axis == .noDelay ? "nodelay=\(value)" : value)",
                           filter: RowFilter().and(.transport, transport).and(axis, value),
                           metric: .messagesPerSecond, style: style(transport: transport), dash: valueIndex + 1)
            }
        }
        let nodelay = axis == .noDelay
        return PlotFacet.all(pattern: pattern, rows, varying: [.transport, .size, axis], needsTwoOf: axis).compactMap { facet in
            LineFigure(
                name: "\(nodelay ? "nodelay" : "io-modes")-\(pattern)" + facet.nameSuffix,
                title: "\(nodelay ? "TCP_NODELAY on vs off" : "I/O modes"): \(pattern)" + facet.titleSuffix,
                held: facet.filter, x: .size, yLabel: messageRateLabel, engineering: true, series: series
            ).script(run: run)
        }
    }

    /// (8) CPU time (user + system) per message of the sending and the receiving process.
    static func cpuFigures(_ run: PlotRun, pattern: String) -> [FigureScript] {
        let rows = run.rows(pattern: pattern)
        let roles = pattern == "pingpong" ? ("client", "server") : ("sender", "receiver")
        return PlotFacet.all(pattern: pattern, rows, varying: [.transport, .size], needsTwoOf: .size).compactMap { facet in
            LineFigure(
                name: "cpu-per-message-\(pattern)" + facet.nameSuffix, title: "CPU time per message vs message size: \(pattern)" + facet.titleSuffix,
                held: facet.filter, x: .size, yLabel: "CPU time per message (µs, user + system)",
                series: series(rows.filter(facet.filter.accepts), metrics: [(.cpuPerMessageSender, roles.0), (.cpuPerMessageReceiver, roles.1)])
            ).script(run: run)
        }
    }

    /// (4) The merged RTT percentile distribution of each transport, one figure per message size
    /// and facet, on the HdrHistogram scale: x = 1/(1-percentile), so 90%, 99%, 99.9% are evenly spaced.
    static func distributionFigures(_ run: PlotRun) -> [FigureScript] {
        let rows = run.rows(pattern: "pingpong")
        // Distributions are compared across transports: among several facets, one of a single
        // transport is left out (its percentiles are in the table).
        return PlotFacet.all(pattern: "pingpong", rows, varying: [.transport, .size], needsTwoOf: .transport).flatMap { facet in
            distributionFigures(run, rows: rows, facet: facet)
        }
    }

    private static func distributionFigures(_ run: PlotRun, rows: [SummaryRow], facet: PlotFacet) -> [FigureScript] {
        let common = facet.filter
        return PlotAxes.values(.size, in: rows.filter(common.accepts)).compactMap { size in
            let files = transports(rows).compactMap { transport -> (String, String)? in
                let filter = common.and(.transport, transport).and(.size, size)
                return rows.first(where: filter.accepts).flatMap(run.histogramPath).map { (transport, $0) }
            }
            guard !files.isEmpty else { return nil }
            let points = files.flatMap { run.histogramPoints($0.1) }
            let lastX = points.map(\.inverseTail).max() ?? 10
            let tics = [("0%%", 1), ("90%%", 10), ("99%%", 100), ("99.9%%", 1000), ("99.99%%", 10000), ("99.999%%", 100_000), ("99.9999%%", 1_000_000)]
                .filter { Double($0.1) <= lastX * 1.5 }.map { "\"\($0.0)\" \($0.1)" }
            var body = [""] + GnuplotText.readColumns + [
                "# Columns of an .hgrm file: Value (µs), Percentile, TotalCount, 1/(1-Percentile).",
                "set xlabel \"percentile (HdrHistogram scale: 1/(1-p))\"",
                "set ylabel \"round-trip time (µs)\"",
                "set logscale x",
                "set xrange [1:\(GnuplotText.number(lastX * 1.5))]",
                "set xtics (\(tics.joined(separator: ", ")))  # %% prints %",
            ]
            body += GnuplotText.yAxis(points.map(\.microseconds), engineering: false)
            let elements = files.map { transport, path in
                let relative = String(path.dropFirst(run.directory.count))
                return "run.\(GnuplotText.quotedPath(relative)) using 4:1 with lines ls \(style(transport: transport)) title \(GnuplotText.quoted(transport))"
            }
            return FigureScript(
                name: "latency-distribution-\(PlotAxes.bytes(size))" + facet.nameSuffix,
                title: "Round-trip time percentile distribution: \(PlotAxes.bytes(size)) ping-pong" + facet.titleSuffix,
                subtitle: GnuplotText.subtitle(["run \(run.name)", "histograms merged over repetitions", common.label]),
                body: body, elements: elements
            )
        }
    }

    /// A line per transport and metric: colour per transport, dash per metric, titled with the
    /// metric's label (`unix p99`); replies that vary apart from the request size split each
    /// transport's lines as in `replySeries`, so no two cells share a point.
    static func series(_ rows: [SummaryRow], metrics: [(Metric, String)]) -> [PlotSeries] {
        replySeries(rows, metric: metrics[0].0).flatMap { line in
            metrics.enumerated().map { index, metric in
                PlotSeries(title: "\(line.title) \(metric.1)", filter: line.filter, metric: metric.0, style: line.style,
                           dash: (line.dash - 1) * metrics.count + index + 1)
            }
        }
    }

    static func transports(_ rows: [SummaryRow]) -> [String] {
        PlotAxes.values(.transport, in: rows)
    }

    /// The same colour for a transport in every figure (the line style of `GnuplotText.transportStyles`).
    static func style(transport: String) -> Int {
        (GnuplotText.transportStyles.firstIndex(of: transport) ?? GnuplotText.transportStyles.count) % GnuplotText.palette.count + 1
    }
}

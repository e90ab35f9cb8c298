import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// (5b) Buffer settings side by side, for runs whose buffer cells are no sweep: `reproduce`
/// requests 1 MiB for SO_SNDBUF and SO_RCVBUF at once, so neither buffer varies alone.
extension PlotScripts {
    /// One bar per buffer setting (SO_SNDBUF and SO_RCVBUF requested together; solid, then hatched)
    /// in the colour of its group's transport, in each group of
    /// cells that agree on every other axis and were measured at two or more settings; nil when no
    /// group was. Bars show the msg/s median with its 95% CI.
    static func bufferComparisonFigure(_ run: PlotRun, pattern: String) -> FigureScript? {
        let rows = run.rows(pattern: pattern)
        let buffers: Set<SummaryAxis> = [.sendBufferRequested, .receiveBufferRequested]
        let others = PlotAxes.facetColumns.filter { !buffers.contains($0) }
        let measured = rows.filter { $0.value(.messagesPerSecond) != nil }
        // The later columns (rate, idle, engine) go into a bar's filter only where they vary, and
        // then with their value even when empty (an unpaced cell is not a paced one).
        let extra = PlotAxes.facetColumns.filter { column in
            !PlotAxes.columns.contains(column) && Set(measured.compactMap { $0.field(column) }).count > 1
        }
        var groups: [[String]: [SummaryRow]] = [:]
        var order: [[String]] = []
        for row in measured {
            let key = others.map { row.field($0) ?? "" }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(row)
        }
        let compared = order.filter { Set(groups[$0]!.map(setting)).count > 1 }
        guard !compared.isEmpty else { return nil }
        var settings: [String] = []
        for key in compared {
            for row in groups[key]! where !settings.contains(setting(row)) { settings.append(setting(row)) }
        }

        let labels = bufferGroupLabels(compared, columns: others)

        var body = ["", "summary = run.'/summary.csv'"] + GnuplotText.filterFunctions
        body += ["", "# The row of each bar: its group's axes and its buffer setting (column=value words, see keep above)."]
        var blocks: [(name: String, group: Int, setting: Int)] = []
        var values: [Double] = []
        for (groupIndex, key) in compared.enumerated() {
            for (settingIndex, value) in settings.enumerated() {
                guard let row = groups[key]!.first(where: { setting($0) == value }) else { continue }
                var filter = RowFilter()
                for column in PlotAxes.columns where !(row.field(column) ?? "").isEmpty { filter = filter.and(column, row.field(column)!) }
                for column in extra { filter = filter.and(column, row.field(column) ?? "", exact: true) }
                let name = "b\(groupIndex + 1)_\(settingIndex + 1)"
                body.append("\(name) = \(GnuplotText.quoted(filter.text))  # \(labels[groupIndex]), buffers \(value)")
                blocks.append((name, groupIndex, settingIndex))
                values += SummaryStatistic.interval.compactMap { row.value(.messagesPerSecond, $0) }
            }
        }
        body += ["", "# Copy each bar's row (median, 95% CI low, CI high) into a datablock."] + GnuplotText.readCSV
        let columns = SummaryStatistic.interval.map { GnuplotText.quoted($0.column(.messagesPerSecond)) }.joined(separator: ":")
        for block in blocks {
            body += ["set table $\(block.name)", "plot summary using \(columns) with table if (keep(\(block.name)))"]
        }
        let tics = labels.enumerated().map { "\(GnuplotText.quoted($0.element.replacingOccurrences(of: " ", with: "\n"))) \($0.offset)" }
        body += ["unset table"] + GnuplotText.readColumns + [
            "",
            "set xrange [-0.6:\(compared.count) - 0.4]",
            "set xtics scale 0 (\(tics.joined(separator: ", ")))",
            // gnuplot does not make room for tic labels of several lines by itself.
            "set bmargin \((labels.map { $0.split(separator: " ").count }.max() ?? 1) + 2)",
            "set style fill solid 0.85 border -1",
            "set ylabel \(GnuplotText.quoted(messageRateLabel))",
        ]
        body += GnuplotText.yAxis(values, engineering: true)

        let transports = compared.map { $0[others.firstIndex(of: .transport)!] }
        let elements = bufferBars(blocks, settings: settings, transports: transports)
        let title = "Messages per second, \(settings.joined(separator: " vs ")) buffers: \(pattern)"
        let subtitle = GnuplotText.subtitle([
            "run \(run.name)", "median and 95% CI over repetitions",
            "SO_SNDBUF and SO_RCVBUF as requested; the effective sizes are in summary.csv",
        ])
        return FigureScript(name: "buffers-\(pattern)", title: title, subtitle: subtitle, body: body, elements: elements)
    }

    /// Each group's tic label: its transport and size, and any other axis that tells it apart.
    /// `keys` hold each group's values of `columns`.
    private static func bufferGroupLabels(_ keys: [[String]], columns: [SummaryAxis]) -> [String] {
        let varying = columns.filter { column in
            [.transport, .size].contains(column) || Set(keys.map { $0[columns.firstIndex(of: column)!] }).count > 1
        }
        return keys.map { key in
            varying.compactMap { column -> String? in
                let value = key[columns.firstIndex(of: column)!]
                return switch column {
                case .transport: value
                case .size: PlotAxes.bytes(value)
                default: value.isEmpty ? nil : "\(PlotAxes.shortName(column))=\(value)"
                }
            }.joined(separator: " ")
        }
    }

    /// One bar per block, grouped around its group's tic: coloured by the group's transport, as in
    /// every figure, and filled solid or hatched by its buffer setting (the first bar of a setting
    /// carries its title).
    private static func bufferBars(
        _ blocks: [(name: String, group: Int, setting: Int)], settings: [String], transports: [String]
    ) -> [String] {
        let width = 0.8 / Double(settings.count)
        var titled: Set<Int> = []
        return blocks.map { block in
            let offset = (Double(block.setting) - Double(settings.count - 1) / 2) * width
            let title = titled.insert(block.setting).inserted ? "title \(GnuplotText.quoted("buffers \(settings[block.setting])"))" : "notitle"
            let x = offset == 0 ? "\(block.group)" : "\(block.group)\(offset < 0 ? "-" : "+")\(GnuplotText.number(abs(offset)))"
            let fill = block.setting == 0 ? "fs solid 0.85 border -1" : "fs pattern \(block.setting + 3) border -1"
            return "$\(block.name) using (\(x)):1:2:3:(\(GnuplotText.number(width * 0.95))) with boxerrorbars ls \(style(transport: transports[block.group])) \(fill) \(title)"
        }
    }

    /// The buffers a row requested: `default` or `1MiB` when SO_SNDBUF and SO_RCVBUF agree,
    /// else `snd=64KiB rcv=default`.
    static func setting(_ row: SummaryRow) -> String {
        let send = PlotAxes.bytes(row.field(.sendBufferRequested) ?? "default"), receive = PlotAxes.bytes(row.field(.receiveBufferRequested) ?? "default")
        return send == receive ? send : "snd=\(send) rcv=\(receive)"
    }
}

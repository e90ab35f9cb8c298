import Foundation
import SockBenchCore
import SockBenchModel

/// One row of summary.csv read back: the cell it summarizes, the buffer sizes the kernel granted,
/// and each metric's statistics. Figures decide from these which lines and facets exist; gnuplot
/// reads the file itself.
public struct SummaryRow: Sendable {
    public var cellID: String
    public var cell: Cell
    public var sendBufferEffective: Int?
    public var receiveBufferEffective: Int?
    /// The axis columns the file has: a summary written before an axis existed lacks it.
    public var axes: Set<SummaryAxis>
    var statistics: [Metric: [SummaryStatistic: Double]]

    public init(
        cell: Cell, cellID: String? = nil, sendBufferEffective: Int? = nil, receiveBufferEffective: Int? = nil,
        axes: Set<SummaryAxis> = Set(SummaryAxis.allCases), statistics: [Metric: [SummaryStatistic: Double]] = [:]
    ) {
        self.cellID = cellID ?? cell.id
        self.cell = cell
        self.sendBufferEffective = sendBufferEffective
        self.receiveBufferEffective = receiveBufferEffective
        self.axes = axes
        self.statistics = statistics
    }

    /// The row's field on `axis` as summary.csv spells it; nil when the file has no such column.
    public func field(_ axis: SummaryAxis) -> String? {
        axes.contains(axis) ? axis.field(cell) : nil
    }

    /// A metric's statistic; nil where the field is empty (the metric does not apply, or no
    /// repetition succeeded). Not necessarily finite.
    public func value(_ metric: Metric, _ statistic: SummaryStatistic = .median) -> Double? {
        statistics[metric]?[statistic]
    }
}

extension SummaryCSV {
    /// Reads summary.csv at `path` into rows. A file that cannot be read is `.notFound`; one
    /// without the required axes (`SummaryAxis.required`), or with a row whose axes are not a cell, is `.malformed`. Rows with
    /// the wrong number of fields (cut short) are passed over.
    public static func read(_ path: String) throws(ReportError) -> [SummaryRow] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .notFound("cannot read \(path)")
        }
        return try parse(text, file: path)
    }

    /// The rows of summary.csv text; `file` is the path errors name.
    public static func parse(_ text: String, file: String) throws(ReportError) -> [SummaryRow] {
        let records = CSV.parse(text)
        guard let header = records.first else { throw .malformed("\(file) is empty") }
        let required = [cellIDColumn] + SummaryAxis.required.map(\.column) + [sendBufferEffectiveColumn, receiveBufferEffectiveColumn]
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw .malformed("\(file) lacks the column(s) \(missing.joined(separator: ", "))")
        }
        let index = Dictionary(header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        let axes = Set(SummaryAxis.allCases.filter { index[$0.column] != nil })
        let statistics = Metric.allCases.flatMap { metric in
            SummaryStatistic.allCases.compactMap { statistic in index[statistic.column(metric)].map { (metric, statistic, $0) } }
        }
        var rows: [SummaryRow] = []
        for (line, fields) in records.dropFirst().enumerated() where fields.count == header.count {
            func field(_ column: String) -> String { index[column].map { fields[$0] } ?? "" }
            guard let cell = cell(field) else {
                throw .malformed("\(file) line \(line + 2): an axis field is missing or invalid")
            }
            var row = SummaryRow(
                cell: cell, cellID: field(cellIDColumn), sendBufferEffective: Int(field(sendBufferEffectiveColumn)),
                receiveBufferEffective: Int(field(receiveBufferEffectiveColumn)), axes: axes
            )
            for (metric, statistic, column) in statistics {
                if let value = Double(fields[column]) { row.statistics[metric, default: [:]][statistic] = value }
            }
            rows.append(row)
        }
        return rows
    }

    /// The cell a row's axis fields spell (`SummaryAxis.field` read backwards); nil when one is invalid.
    static func cell(_ field: (String) -> String) -> Cell? {
        func value(_ axis: SummaryAxis) -> String { field(axis.column) }
        func int(_ axis: SummaryAxis) -> Int? { Int(value(axis)) }
        guard let transport = Transport(rawValue: value(.transport)), let pattern = Pattern(rawValue: value(.pattern)),
              let size = int(.size), let mode = IOMode(rawValue: value(.mode)), let cpu = CPUPlacement(value(.cpu)), let pairs = int(.pairs)
        else { return nil }
        let noDelay: Bool? = value(.noDelay) == "on" ? true : value(.noDelay) == "off" ? false : nil
        var cell = Cell(
            transport: transport, pattern: pattern, sizeBytes: size,
            sendBufferBytes: int(.sendBufferRequested), receiveBufferBytes: int(.receiveBufferRequested),
            noDelay: noDelay, mode: mode, cpu: cpu, pairs: pairs, batch: int(.batch),
            replySizeBytes: int(.replySize), writes: int(.writes), replyWrites: int(.replyWrites), connections: int(.connections),
            ratePerSecond: int(.rateOffered), engine: Engine(rawValue: value(.engine))
        )
        cell.idle = IdleStates(rawValue: value(.idle))
        // `plain` is the default, which ids and cells spell as nil.
        cell.splitWrite = SplitStyle(rawValue: value(.splitWrite)).flatMap { $0 == .plain ? nil : $0 }
        cell.quickAck = value(.quickAck) == "on" ? true : nil
        cell.threads = int(.threads)
        cell.burst = int(.burst).flatMap { $0 > 1 ? $0 : nil }
        cell.busyPollMicroseconds = int(.busyPoll)
        cell.zeroCopy = value(.zeroCopy) == "on" ? true : nil
        // The timers are in the cell id and measurements.csv; a figure needs on or off.
        cell.keepAlive = value(.keepAlive) == "on" ? KeepAlive() : nil
        if !value(.sizeDistribution).isEmpty {
            guard let drawn = try? SizeDistribution(parsing: value(.sizeDistribution)) else { return nil }
            cell.sizeDistribution = drawn
        }
        return cell
    }
}

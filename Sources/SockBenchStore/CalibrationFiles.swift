import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats

/// A calibration's run directory: calibration-pairs.csv (one row per Swift/C pair, appended as each
/// finishes), calibration.csv (one row per cell: ratio medians and CIs) and calibration.json.
public struct CalibrationFiles: Sendable {
    public let path: String
    public var pairsPath: String { "\(path)/calibration-pairs.csv" }
    public var summaryPath: String { "\(path)/calibration.csv" }
    public var metadataPath: String { "\(path)/calibration.json" }

    /// Creates the directory; refuses one that already holds a calibration.
    public static func create(at path: String) throws(ReportError) -> CalibrationFiles {
        let files = CalibrationFiles(path: path)
        if FileManager.default.fileExists(atPath: files.pairsPath) {
            throw .cannotWrite("\(path) already holds a calibration; choose another --output")
        }
        try FileOutput.makeDirectory(path)
        try FileOutput.writeAtomically(CSV.line(CalibrationCSV.pairColumns), to: files.pairsPath)
        return files
    }

    public func append(_ pair: CalibrationPair) throws(ReportError) {
        try FileOutput.append(CalibrationCSV.pairRow(pair), to: pairsPath)
    }

    public func writeSummary(_ cells: [CalibrationCell], tolerance: Double) throws(ReportError) {
        try FileOutput.sync(pairsPath)
        try FileOutput.writeAtomically(CalibrationCSV.summary(cells, tolerance: tolerance), to: summaryPath)
    }

    /// How the calibration was made and on what machine.
    struct Metadata: Encodable {
        var commandLine: [String]
        var seed: UInt64
        var repetitions: Int
        var tolerance: Double
        var settings: MeasurementSettings
        var host: HostInfo
        var loadAverage: Double?
        var startTime: String
        var cells: Int
        var skipped: [SkippedCombination]
        var conventions: [String: String]
    }

    public func writeMetadata(
        commandLine: [String], seed: UInt64, repetitions: Int, tolerance: Double, settings: MeasurementSettings, plan: MatrixPlan
    ) throws(ReportError) {
        let metadata = Metadata(
            commandLine: commandLine, seed: seed, repetitions: repetitions, tolerance: tolerance,
            settings: settings, host: HostInfo.current(), loadAverage: HostInfo.loadAverage(),
            startTime: Timestamps.iso8601(Date()), cells: plan.cells.count, skipped: plan.skipped,
            conventions: [
                "msg_ratio": "Swift msg/s over C msg/s of the same repetition; < 1 means the Swift loops are slower",
                "p50_ratio": "Swift p50 over C p50 of the same repetition (round trip; a paced stream's one-way latency from the intended send time, also in the rtt_p50 columns); > 1 means the Swift loops are slower",
                "ci": "order-statistics 95% CI of the median of the per-pair ratios ([min, max] when n <= 5; see coverage)",
                "order": "cells in a seeded random order; each repetition measures both engines back to back, alternating which goes first",
            ]
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try FileOutput.writeAtomically(String(decoding: try encoder.encode(metadata), as: UTF8.self) + "\n", to: metadataPath)
        } catch let error as ReportError {
            throw error
        } catch {
            throw .cannotWrite("cannot encode \(metadataPath): \(error)")
        }
    }
}

/// The columns of the calibration CSV files.
public enum CalibrationCSV {
    public static let pairColumns = [
        "cell_id", "transport", "pattern", "size_bytes", "mode", "repetition", "first_engine",
        "swift_status", "c_status", "swift_msg_per_s", "c_msg_per_s", "msg_ratio",
        "swift_rtt_p50_us", "c_rtt_p50_us", "p50_ratio",
        "swift_cpu_us_per_msg_sender", "c_cpu_us_per_msg_sender", "swift_cpu_us_per_msg_receiver", "c_cpu_us_per_msg_receiver",
        "error",
    ]

    public static let summaryColumns = [
        "transport", "pattern", "size_bytes", "mode", "cell_id", "pairs_ok", "pairs_failed",
        "swift_msg_per_s_median", "c_msg_per_s_median",
        "msg_ratio_median", "msg_ratio_ci_low", "msg_ratio_ci_high", "msg_ratio_ci_coverage",
        "p50_ratio_median", "p50_ratio_ci_low", "p50_ratio_ci_high", "parity",
    ]

    public static func pairRow(_ p: CalibrationPair) -> String {
        let c = p.cell
        let error = [p.swift.errorColumn.map { "swift: \($0)" }, p.c.errorColumn.map { "c: \($0)" }].compactMap { $0 }.joined(separator: "; ")
        return CSV.line([
            c.id, c.transport.rawValue, c.pattern.rawValue, String(c.sizeBytes), c.mode.rawValue, String(p.repetition),
            p.swiftFirst ? "swift" : "c", p.swift.status.rawValue, p.c.status.rawValue,
            NumberFormat.fixed(p.swift.messagesPerSecond, 1), NumberFormat.fixed(p.c.messagesPerSecond, 1), NumberFormat.fixed(p.rateRatio, 5),
            NumberFormat.fixed(CalibrationPair.p50(p.swift), 3), NumberFormat.fixed(CalibrationPair.p50(p.c), 3), NumberFormat.fixed(p.p50Ratio, 5),
            NumberFormat.fixed(p.swift.cpuMicrosecondsPerMessageSender, 4), NumberFormat.fixed(p.c.cpuMicrosecondsPerMessageSender, 4),
            NumberFormat.fixed(p.swift.cpuMicrosecondsPerMessageReceiver, 4), NumberFormat.fixed(p.c.cpuMicrosecondsPerMessageReceiver, 4),
            error,
        ])
    }

    public static func summary(_ cells: [CalibrationCell], tolerance: Double) -> String {
        var text = CSV.line(summaryColumns)
        for cell in cells {
            let c = cell.cell
            let rate = cell.rateRatio
            let p50 = cell.p50Ratio
            text += CSV.line([
                c.transport.rawValue, c.pattern.rawValue, String(c.sizeBytes), c.mode.rawValue, c.id,
                String(cell.pairs.count - cell.failedPairs), String(cell.failedPairs),
                NumberFormat.fixed(cell.medianRate(.swift), 1), NumberFormat.fixed(cell.medianRate(.c), 1),
                NumberFormat.fixed(rate?.median, 5), NumberFormat.fixed(rate?.confidenceLow, 5), NumberFormat.fixed(rate?.confidenceHigh, 5), NumberFormat.fixed(rate?.coverage, 4),
                NumberFormat.fixed(p50?.median, 5), NumberFormat.fixed(p50?.confidenceLow, 5), NumberFormat.fixed(p50?.confidenceHigh, 5),
                cell.parity(tolerance: tolerance).label,
            ])
        }
        return text
    }

}

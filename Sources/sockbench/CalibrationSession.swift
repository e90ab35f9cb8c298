import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// What `sockbench calibrate` measures: a matrix of cells, each measured with the Swift loops and
/// with the plain-C reference loops, in pairs.
public struct CalibrationRequest: Sendable {
    /// Transports, patterns, sizes and modes; the other axes keep their defaults.
    public var axes: MatrixAxes
    /// Warmup and duration; `engine` is set per measurement.
    public var settings: MeasurementSettings
    public var repetitions: Int
    public var seed: UInt64
    public var outputPath: String
    /// A cell whose median ratio is further than this from 1 is flagged (0.03 = 3%).
    public var tolerance: Double
    public var commandLine: [String]

    public init(
        axes: MatrixAxes, settings: MeasurementSettings, repetitions: Int, seed: UInt64, outputPath: String,
        tolerance: Double = 0.03, commandLine: [String] = []
    ) {
        self.axes = axes
        self.settings = settings
        self.repetitions = repetitions
        self.seed = seed
        self.outputPath = outputPath
        self.tolerance = tolerance
        self.commandLine = commandLine
    }

    /// Every transport, 64 B / 1 KiB / 64 KiB, blocking and nonblocking, both patterns, both workers
    /// on one core: unpinned workers land on the same or on different cores by chance, which on a VM
    /// changes a ping-pong's rate several-fold and would drown the difference being measured.
    public static let defaultAxes = MatrixAxes(
        transports: Transport.allCases, patterns: [.pingpong, .stream], sizes: [64, 1024, 65_536],
        modes: [.blocking, .nonblocking], cpus: [.same]
    )
}

/// Runs the Swift and C loops on the same cells, interleaved, and writes the run directory.
public enum Calibration {
    /// The cells to measure and the combinations skipped (with the same rules as `run`).
    public static func plan(_ request: CalibrationRequest) -> MatrixPlan { Matrix.expand(request.axes) }

    /// Measures every cell `repetitions` times with each engine. The cells run in a seeded random
    /// order; each repetition measures both engines back to back, alternating which goes first.
    /// Each pair is appended to calibration-pairs.csv as soon as it is made.
    public static func run(
        _ request: CalibrationRequest, executable: String, progress: (String) -> Void = { _ in }
    ) throws -> CalibrationOutcome {
        let plan = plan(request)
        guard !plan.cells.isEmpty else {
            throw ReportError.invalid("nothing to calibrate: every combination was skipped (\(plan.skipped.map(\.description).joined(separator: "; ")))")
        }
        let output = try CalibrationFiles.create(at: request.outputPath)
        try output.writeMetadata(
            commandLine: request.commandLine, seed: request.seed, repetitions: request.repetitions, tolerance: request.tolerance,
            settings: request.settings, plan: plan
        )
        let coordinator = try Coordinator(executable: executable)
        let schedule = Schedule.interleaved(cells: plan.cells.count, repetitions: request.repetitions, seed: request.seed)
        var pairs: [Cell: [CalibrationPair]] = [:]
        for (index, item) in schedule.enumerated() {
            if Interruption.requested { break }
            let cell = plan.cells[item.cellIndex]
            progress("[\(index + 1)/\(schedule.count)] \(cell.id) rep \(item.repetition)")
            let swiftFirst = item.repetition % 2 == 1
            var measured: [Engine: CellMeasurement] = [:]
            for engine in swiftFirst ? [Engine.swift, .c] : [.c, .swift] {
                var settings = request.settings
                settings.engine = engine
                measured[engine] = coordinator.measure(cell, repetition: item.repetition, settings: settings)
            }
            if Interruption.requested && measured.values.contains(where: { $0.status == .failed }) { break }
            let pair = CalibrationPair(cell: cell, repetition: item.repetition, swift: measured[.swift]!, c: measured[.c]!, swiftFirst: swiftFirst)
            try output.append(pair)
            pairs[cell, default: []].append(pair)
        }
        let cells = plan.cells.map { CalibrationCell(cell: $0, pairs: pairs[$0] ?? []) }
        try output.writeSummary(cells, tolerance: request.tolerance)
        return CalibrationOutcome(
            directory: output.path, cells: cells, skipped: plan.skipped, tolerance: request.tolerance, interrupted: Interruption.requested
        )
    }
}

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
        tolerance: Double = defaultTolerance, commandLine: [String] = []
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
    /// The cells to calibrate: the matrix (by the same rules as `run`), less the unix-dgram
    /// `--connections` cells, whose client sockets each bind a path of their own, which the C
    /// epoll clients do not do. Threaded cells are skipped where the rule table skips them for C.
    public static func plan(_ request: CalibrationRequest) -> MatrixPlan {
        var plan = Matrix.expand(request.axes)
        let uncalibrated = plan.cells.filter { ($0.connections ?? 0) > 0 && $0.transport == .unixDgram }
        plan.cells.removeAll { uncalibrated.contains($0) }
        plan.skipped += uncalibrated.map {
            SkippedCombination(
                combination: "\($0.transport.rawValue) \($0.pattern.rawValue) \($0.sizeBytes)B connections=\($0.connections ?? 0)",
                reason: "no C loop for unix-dgram --connections clients yet (each client socket binds a path of its own)"
            )
        }
        let threaded = plan.cells.compactMap { cell -> (Cell, String)? in
            guard let threads = cell.threads, let connections = cell.connections,
                  let reason = Matrix.unsupported(cell.transport, threads: threads, connections: connections, engine: .c) else { return nil }
            return (cell, reason)
        }
        plan.cells.removeAll { cell in threaded.contains { $0.0 == cell } }
        plan.skipped += threaded.map { cell, reason in
            SkippedCombination(
                combination: "\(cell.transport.rawValue) \(cell.pattern.rawValue) \(cell.sizeBytes)B connections=\(cell.connections ?? 0) threads=\(cell.threads ?? 1)",
                reason: reason
            )
        }
        return plan
    }

    /// The run: every planned cell paired with its C twin (`engine=c`) in each slot.
    public static func runPlan(_ request: CalibrationRequest) throws(PlanError) -> RunPlan {
        let plan = plan(request)
        return try RunPlan(
            name: "calibrate", command: "calibrate", axes: request.axes, cells: plan.cells + plan.cells.map { $0.with(engine: .c) },
            settings: request.settings, repetitions: request.repetitions, seed: request.seed,
            groups: plan.cells.map { [$0, $0.with(engine: .c)] }, outputPath: request.outputPath, commandLine: request.commandLine
        )
    }

    /// Measures every cell `repetitions` times with each engine, as a run whose groups pair each
    /// cell with its C twin (`engine=c`): both are measured back to back in every slot, in a random
    /// order within the slot, so the ratio of a slot cancels what the machine did meanwhile. The
    /// run directory holds the usual measurements.csv, summary.csv and run.json, plus
    /// calibration-pairs.csv, calibration.csv and calibration.json.
    public static func run(
        _ request: CalibrationRequest, executable: String, progress: (RunProgress) -> Void = { _ in },
        warn: (String) -> Void = { _ in }
    ) throws -> CalibrationOutcome {
        let plan = plan(request)
        guard !plan.cells.isEmpty else {
            throw ReportError.invalid("nothing to calibrate: every combination was skipped (\(plan.skipped.map(\.description).joined(separator: "; ")))")
        }
        let session = try RunSession.start(try runPlan(request))
        let output = try CalibrationFiles.create(at: session.directory.path)
        try output.writeMetadata(
            commandLine: request.commandLine, seed: request.seed, repetitions: request.repetitions, tolerance: request.tolerance,
            settings: request.settings, plan: plan
        )
        let outcome = try session.execute(executable: executable, progress: progress, warn: warn)
        let cells = plan.cells.map { CalibrationCell(cell: $0, pairs: pairs(of: $0, in: outcome.measurements)) }
        for pair in cells.flatMap(\.pairs) { try output.append(pair) }
        try output.writeSummary(cells, tolerance: request.tolerance)
        return CalibrationOutcome(
            directory: output.path, cells: cells, skipped: plan.skipped, tolerance: request.tolerance, interrupted: outcome.interrupted
        )
    }

    /// The Swift and C measurements of `cell` made in the same slot; which went first is read from
    /// the order of the rows (measurements are recorded in the order they were made).
    public static func pairs(of cell: Cell, in measurements: [CellMeasurement]) -> [CalibrationPair] {
        let twin = cell.with(engine: .c)
        var swift: [Int: (Int, CellMeasurement)] = [:], c: [Int: (Int, CellMeasurement)] = [:]
        for (index, m) in measurements.enumerated() {
            if m.cell == cell { swift[m.repetition] = (index, m) }
            if m.cell == twin { c[m.repetition] = (index, m) }
        }
        return swift.keys.sorted().compactMap { slot in
            guard let s = swift[slot], let r = c[slot] else { return nil }
            return CalibrationPair(cell: cell, repetition: slot, swift: s.1, c: r.1, swiftFirst: s.0 < r.0)
        }
    }
}

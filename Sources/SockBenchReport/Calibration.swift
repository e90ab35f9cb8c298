import Foundation
import SockBenchCore
import SockBenchRunner

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

/// One repetition of one cell: its Swift and C measurements, taken back to back.
public struct CalibrationPair: Sendable {
    public var cell: Cell
    public var repetition: Int
    public var swift: CellMeasurement
    public var c: CellMeasurement
    /// Which engine ran first (the order alternates between repetitions).
    public var swiftFirst: Bool

    public init(cell: Cell, repetition: Int, swift: CellMeasurement, c: CellMeasurement, swiftFirst: Bool) {
        self.cell = cell
        self.repetition = repetition
        self.swift = swift
        self.c = c
        self.swiftFirst = swiftFirst
    }

    public var ok: Bool { swift.status == .ok && c.status == .ok }

    /// Swift msg/s over C msg/s: below 1 means the Swift loops are slower.
    public var rateRatio: Double? {
        guard ok, let s = swift.messagesPerSecond, let r = c.messagesPerSecond, r > 0 else { return nil }
        return s / r
    }

    /// Swift RTT p50 over C RTT p50 (ping-pong): above 1 means the Swift loops are slower.
    public var p50Ratio: Double? {
        guard ok, let s = swift.roundTrip?.p50, let r = c.roundTrip?.p50, r > 0 else { return nil }
        return s / r
    }
}

/// A cell's pairs and the statistics of their ratios.
public struct CalibrationCell: Sendable {
    public var cell: Cell
    public var pairs: [CalibrationPair]
    /// Median of the per-pair msg/s ratios with its order-statistics CI.
    public var rateRatio: SampleStatistics?
    public var p50Ratio: SampleStatistics?

    public init(cell: Cell, pairs: [CalibrationPair]) {
        self.cell = cell
        self.pairs = pairs.sorted { $0.repetition < $1.repetition }
        rateRatio = SampleStatistics(pairs.compactMap(\.rateRatio))
        p50Ratio = SampleStatistics(pairs.compactMap(\.p50Ratio))
    }

    public var failedPairs: Int { pairs.filter { !$0.ok }.count }

    /// Median of one engine's msg/s over the cell's successful pairs.
    public func medianRate(_ engine: Engine) -> Double? {
        let rates = pairs.filter(\.ok).compactMap { (engine == .swift ? $0.swift : $0.c).messagesPerSecond }
        return SampleStatistics(rates)?.median
    }

    /// Where the cell stands against the C loops: off parity when a median ratio is further than
    /// `tolerance` from 1 and its CI excludes 1; inconclusive when the median is that far but the CI
    /// still includes 1 (the noise is larger than the difference).
    public func parity(tolerance: Double) -> Parity {
        var off: [String] = []
        var unsure: [String] = []
        func judge(_ statistics: SampleStatistics?, name: String, slowerAbove: Bool) {
            guard let s = statistics, abs(s.median - 1) > tolerance else { return }
            let slower = (s.median > 1) == slowerAbove
            let reason = "\(name) \(slower ? "slower" : "faster") by \(Self.percent(abs(s.median - 1)))"
            if s.confidenceLow > 1 || s.confidenceHigh < 1 { off.append(reason) } else { unsure.append(reason) }
        }
        judge(rateRatio, name: "msg/s", slowerAbove: false)
        judge(p50Ratio, name: "p50", slowerAbove: true)
        if !off.isEmpty { return .off(off + unsure) }
        if !unsure.isEmpty { return .inconclusive(unsure) }
        return .atParity
    }

    /// The reasons a cell is off parity or inconclusive; empty at parity.
    public func offParity(tolerance: Double) -> [String] {
        switch parity(tolerance: tolerance) {
        case .atParity: []
        case .off(let reasons), .inconclusive(let reasons): reasons
        }
    }

    static func percent(_ fraction: Double) -> String { String(format: "%.1f%%", fraction * 100) }
}

/// A cell's standing against the C reference loops.
public enum Parity: Sendable, Equatable {
    case atParity
    /// Further than the tolerance, and the CI of the median ratio excludes 1.
    case off([String])
    /// Further than the tolerance, but the CI of the median ratio includes 1.
    case inconclusive([String])

    /// `ok`, `OFF: …` or `noisy: …`, as the table and calibration.csv print it.
    public var label: String {
        switch self {
        case .atParity: "ok"
        case .off(let reasons): "OFF: " + reasons.joined(separator: ", ")
        case .inconclusive(let reasons): "noisy: " + reasons.joined(separator: ", ")
        }
    }
}

/// What one calibration produced.
public struct CalibrationOutcome: Sendable {
    public var directory: String
    public var cells: [CalibrationCell]
    public var skipped: [SkippedCombination]
    public var tolerance: Double
    public var interrupted: Bool
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
        try output.writeMetadata(request: request, plan: plan)
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

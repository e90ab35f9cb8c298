import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// Sweeps the offered rate of one cell per transport into a normal run directory (every step is a
/// row of measurements.csv, one cell per rate) and returns the sweeps for the knee table.
enum LoadSession {
    struct Request {
        var transports: [Transport]
        var pattern: Pattern
        var sizeBytes: Int
        var plan: KneeSearch.Plan
        var settings: MeasurementSettings
        var outputPath: String
        var outputIsDefault: Bool
        var name = "load"
        /// Measurements per rate; the median repetition (by the objective's percentile) decides.
        var repetitions = 3
    }

    /// Each rate: 100 ms warmup, 300 ms measured (`--warmup`, `--step-duration`).
    static let defaultSettings = MeasurementSettings(
        warmupNanoseconds: 100_000_000, extent: .duration(nanoseconds: 300_000_000), idleTimeoutNanoseconds: 2_000_000_000
    )

    static func run(_ request: Request, quiet: Bool) throws -> (sweeps: [KneeSweep], directory: String) {
        // A paced sender spins for the last millisecond before each slot, so above 1 000 msg/s it keeps a
        // core busy: the receiver gets the other one (cpu=split) whenever two cores are usable.
        let placement: CPUPlacement = Sys.usableCPUs().count >= 2 ? .split : .none
        let cells = request.transports.map { Cell(transport: $0, pattern: request.pattern, sizeBytes: request.sizeBytes, cpu: placement) }
        let directory = try CLIErrors.guarding { try RunDirectory.create(at: request.outputPath, unique: request.outputIsDefault) }
        var metadata = RunMetadata(
            name: request.name, commandLine: CommandLine.arguments,
            axes: MatrixAxes(transports: request.transports, patterns: [request.pattern], sizes: [request.sizeBytes]),
            settings: request.settings, repetitions: request.repetitions, seed: 0,
            plan: Matrix.plan(cells: cells.map { var c = $0; c.ratePerSecond = request.plan.start; return c }), host: HostInfo.current()
        )
        metadata.conventions["load"] = "each rate is a cell (rate_offered), measured \(request.repetitions) times, the repetition with the median \(request.plan.bound.percentile.rawValue) deciding; knee = highest rate with achieved >= 99% of offered and \(request.plan.bound)"
        let coordinator = try CLIErrors.guarding {
            try Coordinator(executable: Coordinator.defaultWorkerExecutable(), idle: request.settings.idle ?? .recordedDefault)
        }
        metadata.record(coordinator.idleStates)
        try CLIErrors.guarding { try directory.writeMetadata(metadata) }

        var sweeps: [KneeSweep] = []
        var measured: [CellMeasurement] = []
        var recordError: Error?
        for cell in cells {
            let sweep = KneeSearch.sweep(cell, plan: request.plan) { paced in
                let repetitions = (1...max(1, request.repetitions)).map { repetition in
                    let m = coordinator.measure(paced, repetition: repetition, settings: request.settings)
                    do { try directory.record(m) } catch { recordError = error }
                    return m
                }
                measured += repetitions
                let m = KneeSearch.medianRepetition(repetitions, bound: request.plan.bound)
                if !quiet {
                    let judged = KneeSearch.judge(m, rate: paced.ratePerSecond ?? 0, pairs: paced.pairs, bound: request.plan.bound)
                    let latency = judged.latency.map { String(format: "%.1f µs", $0) } ?? "-"
                    let achieved = judged.achieved.map(NumberFormat.grouped) ?? "-"
                    Console.error("\(paced.transport.rawValue) \(NumberFormat.grouped(Double(paced.ratePerSecond ?? 0))) msg/s: achieved \(achieved), \(request.plan.bound.percentile.rawValue) \(latency) → \(judged.passed ? "pass" : "fail")")
                }
                return m
            }
            sweeps.append(sweep)
            if let recordError { throw recordError }
        }
        let order = measured.map(\.cell)
        let summaries = order.enumerated().filter { index, cell in order.firstIndex(of: cell) == index }.map { _, cell in
            CellSummary(cell: cell, measurements: measured.filter { $0.cell == cell })
        }
        metadata.cells = order
        metadata.state = RunMetadata.State.complete
        metadata.loadAverageAfter = HostInfo.loadAverage()
        metadata.endTime = Timestamps.iso8601(Date())
        for sweep in sweeps {
            for step in sweep.steps where step.measurement.status == .ok && step.achieved.map({ $0 < 0.99 * Double(step.rate) }) ?? false {
                metadata.warnings.append("\(sweep.cell.transport.rawValue) at \(step.rate) msg/s: achieved \(NumberFormat.grouped(step.achieved ?? 0)) msg/s, below the offered rate")
            }
        }
        try CLIErrors.guarding {
            try directory.writeSummary(summaries)
            try directory.writeMetadata(metadata)
        }
        return (sweeps, directory.path)
    }
}

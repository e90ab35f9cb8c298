import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// Sweeps the offered rate of one cell per transport, `repetitions` times, into a normal run directory
/// (every step is a row of measurements.csv: one cell per rate, the sweep as its repetition) and
/// returns the sweeps and both knees per transport. Before each step the coordinator runs the pacing
/// control (`PacingFloor`) at the same rate on the sender's core, so the floor and the transport are
/// measured back to back under the same state of the machine.
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
        /// Sweeps of every transport, interleaved (unix, tcp, udp, unix, …) so drift spreads over all.
        var repetitions = 3
        /// TCP_NODELAY for tcp cells, as `run` defaults it.
        var noDelay = true
    }

    struct Outcome {
        /// The sweeps that finished (an interrupted one is left out; its rows are kept).
        var sweeps: [KneeSweep]
        var estimates: [KneeEstimate]
        var directory: String
        /// A signal stopped the sweeps; run.json says `interrupted`.
        var interrupted = false
    }

    /// Each rate: 100 ms warmup, 300 ms measured (`--warmup`, `--step-duration`).
    static let defaultSettings = MeasurementSettings(
        warmupNanoseconds: 100_000_000, extent: .duration(nanoseconds: 300_000_000), idleTimeoutNanoseconds: 2_000_000_000
    )

    static func run(_ request: Request, quiet: Bool) throws -> Outcome {
        // A paced sender spins for the last millisecond before each slot, so above 1 000 msg/s it keeps a
        // core busy: the receiver gets the other one (cpu=split) whenever two cores are usable.
        let usable = Sys.usableCPUs()
        let placement: CPUPlacement = usable.count >= 2 ? .split : .none
        let cells = request.transports.map {
            Cell(transport: $0, pattern: request.pattern, sizeBytes: request.sizeBytes, noDelay: request.noDelay, cpu: placement)
        }
        let directory = try CLIErrors.guarding { try RunDirectory.create(at: request.outputPath, unique: request.outputIsDefault) }
        var metadata = RunMetadata(
            name: request.name, commandLine: CommandLine.arguments,
            axes: MatrixAxes(transports: request.transports, patterns: [request.pattern], sizes: [request.sizeBytes], noDelay: [request.noDelay]),
            settings: request.settings, repetitions: request.repetitions, seed: 0,
            plan: Matrix.plan(cells: cells.map { var c = $0; c.ratePerSecond = request.plan.start; return c }), host: HostInfo.current()
        )
        metadata.command = "load"
        // Warnings are not progress: printed with --quiet too (and with --json, on stderr).
        metadata.warnings += NoiseWarnings.atStart(host: metadata.host, loadAverage: metadata.loadAverageBefore)
        for warning in metadata.warnings { Console.error("warning: \(warning)") }
        let p = request.plan.bound.percentile.rawValue
        metadata.conventions["load"] = "\(request.repetitions) sweeps per transport, each rate measured once per sweep (the sweep is the row's repetition); saturation knee = highest rate with achieved >= 99% of offered and the median latency from the intended send time rising by at most max(\(NumberFormat.compact(request.plan.backlogToleranceMicroseconds)) us, \(Int(request.plan.backlogToleranceFraction * 100))% of the first half's) between the halves of the step; latency knee = highest such rate with \(p) minus the floor's \(p) <= \(NumberFormat.compact(request.plan.bound.microseconds)) us, floor = the pacing schedule with no socket, run by the coordinator on the sender's core before each step; knees as median and min-max over the sweeps"
        let coordinator = try CLIErrors.guarding {
            try Coordinator(executable: Coordinator.defaultWorkerExecutable(), idle: request.settings.idle ?? .recordedDefault)
        }
        metadata.record(coordinator.idleStates)
        try CLIErrors.guarding { try directory.writeMetadata(metadata) }
        let floor = try CLIErrors.guarding { try PacingControl(core: placement.cores(pair: 0, usable: usable).client, settings: request.settings) }

        var sweeps: [KneeSweep] = []
        var measured: [CellMeasurement] = []
        var recordError: Error?
        sweeping: for repetition in 1...max(1, request.repetitions) {
            for cell in cells {
                let sweep = KneeSearch.sweep(cell, plan: request.plan, repetition: repetition) { paced in
                    // After Ctrl-C every further step fails at once without measuring, which ends the search.
                    if Interruption.requested { return (CellMeasurement(cell: paced, repetition: repetition, failure: "interrupted"), nil) }
                    let rate = paced.ratePerSecond ?? 0
                    let floorSummary = floor.measure(ratePerSecond: rate)
                    let m = coordinator.measure(paced, repetition: repetition, settings: request.settings)
                    // A measurement cut short by Ctrl-C is not a result (as in run).
                    if Interruption.requested && m.status == .failed { return (m, floorSummary) }
                    do { try directory.record(m) } catch { recordError = error }
                    measured.append(m)
                    if !quiet {
                        let judged = KneeSearch.judge(m, floor: floorSummary, rate: rate, plan: request.plan)
                        Console.error(progressLine(judged, sweep: repetition, of: request.repetitions, bound: request.plan.bound))
                    }
                    return (m, floorSummary)
                }
                if let recordError { throw recordError }
                if Interruption.requested { break sweeping }
                sweeps.append(sweep)
            }
        }
        let interrupted = Interruption.requested
        let order = measured.map(\.cell)
        let summaries = order.enumerated().filter { index, cell in order.firstIndex(of: cell) == index }.map { _, cell in
            CellSummary(cell: cell, measurements: measured.filter { $0.cell == cell })
        }
        let estimates = KneeEstimate.estimates(sweeps)
        metadata.cells = summaries.map(\.cell)
        metadata.state = interrupted ? .interrupted : .complete
        let shown = metadata.warnings.count
        metadata.loadAverageAfter = HostInfo.loadAverage()
        metadata.recordHostCPU()
        metadata.endTime = Timestamps.iso8601(Date())
        for estimate in estimates {
            let t = estimate.cell.transport.rawValue
            if estimate.saturation.isWide { metadata.warnings.append("\(t): saturation knee wide across sweeps (\(estimate.saturation.perSweep.map(String.init).joined(separator: ", ")) msg/s)") }
            if let latency = estimate.latency, latency.isWide { metadata.warnings.append("\(t): latency knee wide across sweeps (\(latency.perSweep.map(String.init).joined(separator: ", ")) msg/s)") }
            if estimate.floorLimited { metadata.warnings.append("\(t): the machine's floor broke \(request.plan.bound) in \(estimate.floorLimitedSweeps) of \(estimate.sweeps.count) sweeps") }
        }
        for warning in metadata.warnings.dropFirst(shown) { Console.error("warning: \(warning)") }
        try CLIErrors.guarding {
            try directory.writeSummary(summaries)
            try directory.writeMetadata(metadata)
            try FileOutput.writeAtomically(LoadJSON(estimates, bound: request.plan.bound, run: directory.path).text(), to: "\(directory.path)/knees.json")
        }
        return Outcome(sweeps: sweeps, estimates: estimates, directory: directory.path, interrupted: interrupted)
    }

    static func progressLine(_ step: KneeStep, sweep: Int, of sweeps: Int, bound: LatencyBound) -> String {
        func us(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }
        let keeps = step.keepsUp ? "keeps up" : "behind (\(KneeSearch.reason(step, bound: bound)))"
        let latency = step.keepsUp ? ", latency \(step.latencyVerdict == .within ? "within" : KneeSearch.reason(step, bound: bound))" : ""
        return "\(step.measurement.cell.transport.rawValue) sweep \(sweep)/\(sweeps) \(NumberFormat.grouped(Double(step.rate))) msg/s: "
            + "achieved \(step.achieved.map(NumberFormat.grouped) ?? "-"), \(bound.percentile.rawValue) \(us(step.latency)) µs, "
            + "floor \(us(step.floorLatency)) µs, backlog \(us(step.backlogGrowth)) µs → \(keeps)\(latency)"
    }
}

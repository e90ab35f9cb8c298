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
public enum LoadSession {
    public struct Request: Sendable {
        public var transports: [Transport]
        public var pattern: Pattern
        public var sizeBytes: Int
        public var plan: KneeSearch.Plan
        public var settings: MeasurementSettings
        public var outputPath: String
        public var outputIsDefault: Bool
        public var name = "load"
        /// Sweeps of every transport, interleaved (unix, tcp, udp, unix, …) so drift spreads over all.
        public var repetitions = 5
        /// TCP_NODELAY for tcp cells, as `run` defaults it.
        public var noDelay = true
        /// `--nodelay` was given, so a sweep without TCP is refused.
        public var noDelayChosen = false

        public init(
            transports: [Transport], pattern: Pattern, sizeBytes: Int, plan: KneeSearch.Plan, settings: MeasurementSettings,
            outputPath: String, outputIsDefault: Bool, name: String = "load"
        ) {
            (self.transports, self.pattern, self.sizeBytes, self.plan) = (transports, pattern, sizeBytes, plan)
            (self.settings, self.outputPath, self.outputIsDefault, self.name) = (settings, outputPath, outputIsDefault, name)
        }

        /// One cell per transport at the first rate, as run.json records the sweep; checked by `RunPlan`.
        public func runPlan() throws(PlanError) -> RunPlan {
            try RunPlan(
                name: name, command: "load",
                axes: MatrixAxes(transports: transports, patterns: [pattern], sizes: [sizeBytes], noDelay: [noDelay]),
                cells: cells.map { var c = $0; c.ratePerSecond = plan.start; return c }, settings: settings,
                repetitions: repetitions, seed: 0, outputPath: outputPath, outputIsDefault: outputIsDefault,
                commandLine: CommandLine.arguments, noDelayChosen: noDelayChosen
            )
        }

        /// A paced sender spins for the last millisecond before each slot, so above 1 000 msg/s it keeps a
        /// core busy: the receiver gets the other one (cpu=split) whenever two cores are usable.
        var placement: CPUPlacement { Sys.usableCPUs().count >= 2 ? .split : .none }

        var cells: [Cell] {
            transports.map { Cell(transport: $0, pattern: pattern, sizeBytes: sizeBytes, noDelay: noDelay, cpu: placement) }
        }
    }

    public struct Outcome {
        /// The sweeps that finished (an interrupted one is left out; its rows are kept).
        public var sweeps: [KneeSweep]
        public var estimates: [KneeEstimate]
        public var directory: String
        /// A signal stopped the sweeps; run.json says `interrupted`.
        public var interrupted = false
    }

    /// Each rate: 100 ms warmup, 300 ms measured (`--warmup`, `--step-duration`).
    public static let defaultSettings = MeasurementSettings(
        warmupNanoseconds: 100_000_000, extent: .duration(nanoseconds: 300_000_000), idleTimeoutNanoseconds: 2_000_000_000
    )

    /// `step` hears every measured step (the sweep's number and the step judged), for a progress line;
    /// `warn` every warning, as it is recorded (before the first step and after the last).
    public static func run(
        _ request: Request, step: (KneeStep, _ sweep: Int) -> Void = { _, _ in }, warn: (String) -> Void = { _ in }
    ) throws -> Outcome {
        let run = try request.runPlan()
        let usable = Sys.usableCPUs()
        let placement = request.placement
        let cells = request.cells
        let directory = try RunDirectory.create(at: run.outputPath, unique: run.outputIsDefault)
        var metadata = RunMetadata(
            name: run.name, commandLine: run.commandLine, axes: run.axes, settings: run.settings, repetitions: run.repetitions,
            seed: run.seed, plan: run.matrix, host: HostInfo.current()
        )
        metadata.command = run.command
        // Warnings are not progress: printed with --quiet too (and with --json, on stderr).
        metadata.warnings += NoiseWarnings.atStart(host: metadata.host, loadAverage: metadata.loadAverageBefore)
        for warning in metadata.warnings { warn(warning) }
        metadata.conventions["load"] = conventions(request)
        let coordinator = try Coordinator(executable: Coordinator.defaultWorkerExecutable(), idle: request.settings.idle ?? .recordedDefault)
        metadata.record(coordinator.idleStates, warn: warn)
        try directory.writeMetadata(metadata)
        let floor = try PacingControl(core: placement.cores(pair: 0, usable: usable).client, settings: request.settings)

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
                    step(KneeSearch.judge(m, floor: floorSummary, rate: rate, plan: request.plan), repetition)
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
        // Every warning recorded from here on is printed below: the steal warning too.
        let shown = metadata.warnings.count
        metadata.loadAverageAfter = HostInfo.loadAverage()
        metadata.recordHostCPU()
        metadata.endTime = Timestamps.iso8601(Date())
        for estimate in estimates {
            let t = estimate.cell.transport.rawValue
            if estimate.saturation.isWide { metadata.warnings.append("\(t): saturation knee \(estimate.saturation.rate) msg/s, 95% interval \(estimate.saturation.low)–\(estimate.saturation.high) wide (the sweeps' own knees: \(estimate.saturation.perSweep.map(String.init).joined(separator: ", ")))") }
            if let latency = estimate.latency, latency.isWide { metadata.warnings.append("\(t): latency knee \(latency.rate) msg/s, 95% interval \(latency.low)–\(latency.high) wide (the sweeps' own knees: \(latency.perSweep.map(String.init).joined(separator: ", ")))") }
            if estimate.floorLimited { metadata.warnings.append("\(t): the machine's floor broke \(request.plan.bound) in \(estimate.floorLimitedSweeps) of \(estimate.sweeps.count) sweeps") }
        }
        for warning in metadata.warnings.dropFirst(shown) { warn(warning) }
        try directory.writeSummary(summaries)
        try directory.writeMetadata(metadata)
        try FileOutput.writeAtomically(LoadJSON(estimates, bound: request.plan.bound, run: directory.path).text(), to: "\(directory.path)/knees.json")
        return Outcome(sweeps: sweeps, estimates: estimates, directory: directory.path, interrupted: interrupted)
    }

    /// What run.json says the load's figures mean.
    static func conventions(_ request: Request) -> String {
        let p = request.plan.bound.percentile.rawValue
        return "\(request.repetitions) sweeps per transport, each rate measured once per sweep (the sweep is the row's repetition); saturation knee = highest rate with achieved >= \(Int(KneeSearch.Plan.achievedFraction(withHalves: true) * 100))% of offered, the second half's median latency from the intended send time at most max(\(NumberFormat.compact(request.plan.backlogToleranceMicroseconds)) us, \(NumberFormat.compact(request.plan.backlogToleranceShareOfHalf * 100))% of a half's duration) behind schedule and rising by at most max(\(NumberFormat.compact(request.plan.backlogToleranceMicroseconds)) us, \(Int(request.plan.backlogToleranceFraction * 100))% of the first half's, capped at \(NumberFormat.compact(request.plan.backlogToleranceShareOfHalf * 100))% of a half's duration) between the halves of the step, a failing rate measured up to \(request.plan.failureRetries) more times (the best kept for the sweep); latency knee = highest such rate with \(p) minus the floor's \(p), both in a typical window (the median over the step's \(WindowedCounts.count) windows), <= \(NumberFormat.compact(request.plan.bound.microseconds)) us, floor = the pacing schedule with no socket, run by the coordinator on the sender's core before each step; each knee pooled from every try of every sweep: the highest rate passing in at least half of its tries (isotonic fit of the pass share), 95% interval from \(PooledKnee.resamples) resamples of the sweeps"
    }
}

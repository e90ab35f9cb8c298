import ArgumentParser
import Foundation
import SockBenchModel
import SockBenchReport
import SockBenchStore
import SockBenchSession

/// `sockbench calibrate`: how much the Swift harness itself costs, against plain-C loops.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the harness's own cost: the Swift loops against minimal C loops on the same cells.",
        discussion: """
        Every cell is measured twice per repetition, once with the Swift loops and once with minimal plain-C loops (send/recv, poll on EAGAIN) over the same worker processes, sockets and options, so only the hot loop differs. Cells run in a seeded random order and each repetition (slot) measures both engines back to back, in a random order within the slot.

        Per cell it prints the median of the per-repetition ratios Swift msg/s / C msg/s and Swift p50 / C p50 of the cell's latency (ping-pong and rr: round trip; paced stream: one-way), each with an order-statistics 95% CI of the median, and flags cells whose median ratio is further than --tolerance from 1: OFF when the CI excludes 1, noisy when it does not. Both workers share one core by default (--cpu same). The machine's drift cancels in a ratio of neighbours; compare ratios within one run, not rates across runs.

        Writes calibration.csv (per cell), calibration-pairs.csv (per repetition) and calibration.json into the run directory (default results/<UTC timestamp>-calibrate, or -NAME with --name).

        With --rate, stream cells are paced (one-way latency from the intended send time) and --pattern rr sends requests open-loop; the C loops follow the same schedule and header as the Swift ones.

        The options are run's, with calibrate's own defaults: every transport, both patterns, sizes 64,1K,64K (UDP cannot carry 64 KiB and is skipped there), modes blocking,nonblocking, --cpu same (unpinned workers make a VM's ping-pong rate bimodal); 7 pairs per cell, each engine measuring 500 ms after a 200 ms warmup. --batch, --verify, --target-ci and --json do not apply: the C loops send one message per call and check no payload.

        --pattern connect (a connection per request) and --connections N (one epoll server, N connections) have C loops too: the same transactions and round trips, the same connect-time histogram and per-connection counts (fairness). With --connections the defaults are pattern pingpong and mode blocking (the epoll loops ignore --mode).

        EXAMPLES
          sockbench calibrate
          sockbench calibrate --transport unix,tcp --size 64 --pattern pingpong --repetitions 9
          sockbench calibrate --transport unix,tcp --size 64 --pattern connect --mode blocking
          sockbench calibrate --transport unix,tcp --size 64 --connections 1,50
        """
    )

    /// Shorter measurements than run's and more of them: a ratio of neighbours needs many pairs.
    static let defaultRepetitions = 7
    static let defaultSettings = MeasurementSettings(warmupNanoseconds: 200_000_000, extent: .duration(nanoseconds: 500_000_000))

    @OptionGroup(title: "Cells (calibrate's defaults are given above)")
    var matrix: MatrixOptions

    @OptionGroup(title: "Measurement (calibrate's defaults: 7 pairs, --duration 500ms, --warmup 200ms)")
    var measure: MeasureOptions

    @OptionGroup(title: "Output")
    var output: OutputOptions

    @Option(help: ArgumentHelp("Flag cells whose median ratio is further than this from 1.", valueName: "percent"))
    var tolerance: String = "3%"

    func validate() throws {
        try measure.validateValues()
        if measure.targetCi != nil { throw ValidationError("--target-ci: calibrate measures a fixed number of pairs; use --repetitions") }
        if measure.verify { throw ValidationError("--verify: the C reference loops do not check payloads") }
        if matrix.replySize != nil { throw ValidationError("--reply-size: the C reference loops echo the request; calibrate measures symmetric ping-pong only") }
        if matrix.batch != nil { throw ValidationError("--batch: the C reference loops send one message per call") }
        if let writes = matrix.writes, writes != "1" { throw ValidationError("--writes: the C reference loops send each message whole; calibrate accepts only --writes 1") }
        if let replyWrites = matrix.replyWrites, replyWrites != "1" { throw ValidationError("--reply-writes: the C reference loops send each reply whole; calibrate accepts only --reply-writes 1") }
        if let quickack = matrix.quickack, quickack != "off" { throw ValidationError("--quickack: the C reference loops leave ACKs to the kernel; calibrate accepts only --quickack off") }
        if output.json { throw ValidationError("--json: calibrate writes calibration.json into its run directory") }
        if let name = output.name, !RunName.isValid(name) { throw ValidationError(RunName.problem(name)) }
        let request = try request()
        if Calibration.plan(request).cells.isEmpty {
            throw ValidationError("nothing to calibrate: every combination was skipped (\(Calibration.plan(request).skipped.map(\.description).joined(separator: "; ")))")
        }
        _ = try CLIErrors.planning { () throws(PlanError) in try Calibration.runPlan(request) }
    }

    /// calibrate's default axes; with --connections, ping-pong in one mode (one epoll loop per process,
    /// so --mode would only measure the same cells twice).
    var defaultAxes: MatrixAxes {
        var axes = CalibrationRequest.defaultAxes
        if matrix.connections != nil {
            if matrix.pattern == nil { axes.patterns = [.pingpong] }
            if matrix.mode == nil { axes.modes = [.blocking] }
        }
        return axes
    }

    /// The request the options describe; throws a one-line ValidationError naming a bad option.
    func request() throws -> CalibrationRequest {
        do {
            guard let fraction = Quantities.percentage(tolerance), fraction > 0, fraction < 1 else {
                throw AxisError("--tolerance: invalid value '\(tolerance)'; use a percentage such as 3%")
            }
            return CalibrationRequest(
                axes: try matrix.axes(over: defaultAxes), settings: try measure.settings(over: Self.defaultSettings),
                repetitions: measure.repetitions ?? Self.defaultRepetitions, seed: measure.seed ?? Schedule.randomSeed(),
                outputPath: output.output ?? RunPlan.defaultOutputPath(name: output.name ?? "calibrate"), tolerance: fraction,
                commandLine: CommandLine.arguments
            )
        } catch let error as AxisError {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let request = try request()
        let plan = Calibration.plan(request)
        let quiet = output.quiet
        if !quiet {
            for skipped in plan.skipped { Console.error("skipped: \(skipped)") }
            Console.error("calibrate: \(request.outputPath)  seed \(request.seed)  \(plan.cells.count) cells × \(request.repetitions) pairs")
        }
        Signals.install()
        defer { Signals.restore() }
        let display = ProgressDisplay(quiet: quiet)
        let outcome = try CLIErrors.guarding {
            try Calibration.run(request, executable: Execution.executable, progress: display.show, warn: Execution.warn)
        }
        display.finish()
        print(CalibrationTable.render(outcome))
        // Warnings are not progress: what run.json records is printed with --quiet too.
        for warning in (try? RunDirectory.open(outcome.directory).readMetadata())?.warnings ?? [] { Console.error("warning: \(warning)") }
        if outcome.interrupted { Console.error(Execution.interruptedLine(outcome.directory)) }
        Console.error("wrote \(outcome.directory)/calibration.csv, calibration-pairs.csv, calibration.json, measurements.csv (seed \(request.seed))")
        if outcome.interrupted { throw Execution.interruptedExitCode }
        if outcome.cells.contains(where: { $0.failedPairs > 0 }) { throw ExitCode(ExitStatus.failure.rawValue) }
    }
}

import ArgumentParser
import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// `sockbench calibrate`: how much the Swift harness itself costs, against plain-C loops.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the harness's own cost: the Swift loops against minimal C loops on the same cells.",
        discussion: """
        Every cell is measured twice per repetition, once with the Swift loops and once with minimal plain-C loops (send/recv, poll on EAGAIN) over the same worker processes, sockets and options, so only the hot loop differs. Cells run in a seeded random order and each repetition measures both engines back to back, alternating which goes first.

        Per cell it prints the median of the per-repetition ratios Swift msg/s / C msg/s and, for ping-pong, Swift RTT p50 / C RTT p50, each with an order-statistics 95% CI of the median, and flags cells whose median ratio is further than --tolerance from 1: OFF when the CI excludes 1, noisy when it does not. Both workers share one core by default (--cpu same). The machine's drift cancels in a ratio of neighbours; compare ratios within one run, not rates across runs.

        Writes calibration.csv (per cell), calibration-pairs.csv (per repetition) and calibration.json into the run directory (default results/<UTC timestamp>-calibrate).

        EXAMPLES
          sockbench calibrate
          sockbench calibrate --transport unix,tcp --size 64 --pattern pingpong --repetitions 9
        """
    )

    @Option(help: ArgumentHelp("Transports, comma-separated, or all. (default: all)", valueName: "list"))
    var transport: String?

    @Option(help: ArgumentHelp("Message sizes: 64, 1K, 64KiB. (default: 64,1K,64K; UDP cannot carry 64 KiB and is skipped there)", valueName: "list"))
    var size: String?

    @Option(help: ArgumentHelp("I/O modes: blocking, nonblocking, epoll, busy-poll. (default: blocking,nonblocking)", valueName: "list"))
    var mode: String?

    @Option(help: ArgumentHelp("Patterns: pingpong and/or stream. (default: both)", valueName: "list"))
    var pattern: String?

    @Option(help: ArgumentHelp("CPU placement: same (both workers on one core), split, none, or C+S. (default: same; unpinned workers make a VM's ping-pong rate bimodal)", valueName: "list"))
    var cpu: String?

    @Option(help: ArgumentHelp("Swift/C pairs per cell.", valueName: "n"))
    var repetitions: Int = 7

    @Option(help: ArgumentHelp("Measured time per measurement.", valueName: "duration"))
    var duration: String = "500ms"

    @Option(help: ArgumentHelp("Warmup before each measurement.", valueName: "duration"))
    var warmup: String = "200ms"

    @Option(help: ArgumentHelp("Flag cells whose median ratio is further than this from 1.", valueName: "percent"))
    var tolerance: String = "3%"

    @Option(help: ArgumentHelp("Seed of the randomized cell order.", valueName: "n"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("Run directory to create (default: results/<UTC timestamp>-calibrate).", valueName: "dir"))
    var output: String?

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        if repetitions < 1 || repetitions > 1000 { throw ValidationError("--repetitions: \(repetitions) is outside 1...1000") }
        let request = try request()
        if Calibration.plan(request).cells.isEmpty {
            throw ValidationError("nothing to calibrate: every combination was skipped (\(Calibration.plan(request).skipped.map(\.description).joined(separator: "; ")))")
        }
    }

    /// The request the options describe; throws a one-line ValidationError naming a bad option.
    func request() throws -> CalibrationRequest {
        do {
            var axes = CalibrationRequest.defaultAxes
            if let transport { axes.transports = try AxisParsing.transports(transport) }
            if let size { axes.sizes = try AxisParsing.sizes(size) }
            if let mode { axes.modes = try AxisParsing.modes(mode) }
            if let pattern { axes.patterns = try AxisParsing.patterns(pattern) }
            if let cpu { axes.cpus = try AxisParsing.cpus(cpu) }
            let settings = MeasurementSettings(
                warmupNanoseconds: try AxisParsing.duration(warmup, option: "--warmup", allowZero: true),
                extent: .duration(nanoseconds: try AxisParsing.duration(duration, option: "--duration", allowZero: false))
            )
            let number = tolerance.hasSuffix("%") ? String(tolerance.dropLast()) : tolerance
            guard let percent = Double(number), percent > 0, percent < 100 else {
                throw AxisError("--tolerance: invalid value '\(tolerance)'; use a percentage such as 3%")
            }
            return CalibrationRequest(
                axes: axes, settings: settings, repetitions: repetitions, seed: seed ?? UInt64.random(in: 1...UInt64(UInt32.max)),
                outputPath: output ?? RunRequest.defaultOutputPath(name: "calibrate"), tolerance: percent / 100,
                commandLine: CommandLine.arguments
            )
        } catch let error as AxisError {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let request = try request()
        let plan = Calibration.plan(request)
        if !quiet {
            for skipped in plan.skipped { Console.error("skipped: \(skipped)") }
            Console.error("calibrate: \(request.outputPath)  seed \(request.seed)  \(plan.cells.count) cells × \(request.repetitions) pairs")
        }
        Signals.install()
        defer { Signals.restore() }
        let outcome = try CLIErrors.guarding {
            try Calibration.run(request, executable: Execution.executable) { line in if !quiet { Console.error(line) } }
        }
        print(CalibrationTable.render(outcome))
        Console.error("wrote \(outcome.directory)/calibration.csv, calibration-pairs.csv, calibration.json (seed \(request.seed))")
        if outcome.interrupted { throw ExitCode(128 + Interruption.signal) }
        if outcome.cells.contains(where: { $0.failedPairs > 0 }) { throw ExitCode(1) }
    }
}

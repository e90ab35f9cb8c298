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
        discussion: HelpText.calibrate
    )

    @OptionGroup(title: "Cells (calibrate's defaults are given above)")
    var matrix: MatrixOptions

    @OptionGroup(title: "Measurement (calibrate's defaults: 7 pairs, --duration 500ms, --warmup 200ms)")
    var measure: MeasureOptions

    @OptionGroup(title: "Output")
    var output: OutputOptions

    @Option(quantity: ArgumentHelp("Flag cells whose median ratio is further than this from 1. (default: \(Int(CalibrationRequest.defaultTolerance * 100))%)", valueName: "percent"))
    var tolerance: Percentage?

    func validate() throws {
        let request = try request()
        try CLIErrors.validating { try request.check() }
    }

    /// The request the options describe; throws a one-line ValidationError naming a bad option.
    func request() throws -> CalibrationRequest {
        try CLIErrors.validating {
            try CalibrationRequest.parse(
                matrix: matrix.choices, measure: measure.choices, tolerance: tolerance, name: output.name,
                outputPath: output.output, json: output.json, commandLine: CommandLine.arguments
            )
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
        if outcome.interrupted { Console.error(RunMetadata.interruptedLine(outcome.directory)) }
        Console.error("wrote \(outcome.directory)/calibration.csv, calibration-pairs.csv, calibration.json, measurements.csv (seed \(request.seed))")
        if outcome.interrupted { throw Execution.interruptedExitCode }
        if outcome.cells.contains(where: { $0.failedPairs > 0 }) { throw ExitCode(ExitStatus.failure.rawValue) }
    }
}

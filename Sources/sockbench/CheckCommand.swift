import ArgumentParser
import Foundation
import SockBenchModel
import SockBenchReport
import SockBenchStats
import SockBenchStore
import SockBenchSession

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a run against a baseline and fail on a real regression (for CI).",
        discussion: HelpText.check
    )

    @Option(help: ArgumentHelp("A baseline name (looked up in --baselines), a baseline directory, or a run directory.", valueName: "name|dir"))
    var baseline: String

    @Option(help: ArgumentHelp("The run directory to check.", valueName: "dir"))
    var current: String?

    @Option(name: .customLong("run"), help: ArgumentHelp("Measure this preset now and check the new run.", valueName: "preset"))
    var preset: String?

    @Option(help: ArgumentHelp("Measure the matrix of this YAML spec now and check the new run.", valueName: "file"))
    var spec: String?

    @Option(quantity: ArgumentHelp("Threshold of msg_per_s, mb_per_s and rtt_per_s, such as 5%. (default: \(Int(Thresholds.defaultTolerance * 100))%)", valueName: "percent"))
    var tolerance: Percentage?

    @Option(help: ArgumentHelp("YAML file of per-metric thresholds (see above).", valueName: "file"))
    var thresholds: String?

    @Option(help: ArgumentHelp("Also write the result as a Markdown pull-request comment.", valueName: "file"))
    var markdown: String?

    @Option(help: ArgumentHelp("Also write the result as JUnit XML, one testcase per cell and metric.", valueName: "file"))
    var junit: String?

    @Option(help: ArgumentHelp("Also write the comparison as JSON: every row with full and short cell id, verdict and whether it fails.", valueName: "file"))
    var json: String?

    @Flag(help: "Compare each metric relative to its in-run control (the C reference loop measured in the same slots), so a baseline recorded on another day, or a machine in another state, stays comparable. Both runs need controls (run --controls; check --run measures them).")
    var normalize = false

    @Option(quantity: ArgumentHelp("Also fail when the machine itself moved: the C control loops' median msg/s changed by more than this, such as 20%. Catches a slower kernel, a changed sysctl or a CPU quota, which --normalize cancels. Needs controls in both runs.", valueName: "percent"))
    var maxDrift: Percentage?

    @Flag(help: "Print only the rows whose verdict is not \"ok\" (the summary still counts every row).")
    var changesOnly = false

    @Flag(help: "Pass even when baseline cells or metrics are missing from the current run.")
    var allowMissing = false

    @Flag(help: "Pass even when changes beyond their threshold cannot be tested (too few repetitions).")
    var allowUndecided = false

    @Option(help: ArgumentHelp("Directory holding named baselines, as for baseline save and list.", valueName: "dir"))
    var baselines: String = Baselines.defaultRoot

    @Option(help: ArgumentHelp("Run directory for --run/--spec, new or empty (default: results/<UTC timestamp>-check-<name>).", valueName: "dir"))
    var output: String?

    @OptionGroup(title: "Measurement (with --run or --spec; repetitions default to at least 5)") var measure: MeasureOptions

    @Flag(help: "No progress lines on stderr while measuring.")
    var quiet = false

    @Flag(help: "Do not write report.html (baseline vs current, regressions first) into the current run directory.")
    var noReport = false

    mutating func validate() throws {
        let sources = [current, preset, spec].compactMap { $0 }.count
        guard sources == 1 else { throw ValidationError("give exactly one of --current DIR, --run PRESET or --spec FILE") }
        if let preset, Presets.named(preset) == nil {
            throw ValidationError("--run: unknown preset '\(preset)'; use one of \(Presets.all.map(\.name).joined(separator: ", "))")
        }
        if current != nil {
            if !measure.given.isEmpty || output != nil { throw ValidationError("measurement options and --output apply only with --run or --spec") }
        }
        let outputs = [markdown, junit, json].compactMap { $0 }
        if Set(outputs).count < outputs.count { throw ValidationError("--markdown, --junit and --json must name different files") }
        try measure.validateValues()
        // The baseline decides later whether controls are measured too; the rules without them hold now.
        _ = try plan(controls: normalize || maxDrift != nil)
    }

    func run() throws {
        let tolerance = tolerance?.fraction ?? Thresholds.defaultTolerance
        if let problem = CheckSession.outputProblem(files: [markdown, junit, json], runDirectory: output) { throw ExitCode(CLIErrors.report(problem)) }
        let (limits, baselineFile) = try CLIErrors.guarding {
            let limits = try thresholds.map { path throws(ReportError) in try Thresholds.load(path: path, tolerance: tolerance) } ?? .defaults(tolerance: tolerance)
            return (limits, try Baselines.resolve(baseline, root: baselines))
        }
        let withControls = normalize || maxDrift != nil || baselineFile.cells.contains { $0.axes.engine == .c }
        let currentPath = try current ?? measureNow(controls: withControls)
        let currentFile = try CLIErrors.guarding { try Baselines.open(currentPath) }
        let check = CheckSession(
            baseline: baselineFile, current: currentFile, normalize: normalize, maxDrift: maxDrift?.fraction
        )
        for line in check.driftLines(tolerance: tolerance) { Console.error(line) }
        var report = try CLIErrors.guarding {
            try check.compare(thresholds: limits, baselineName: baseline, currentPath: currentPath) { Console.error("note: \($0)") }
        }
        if normalize { Console.error("normalized: each metric is the Swift loop's value over the C control's in the same slot") }
        report.allowMissing = allowMissing
        report.allowUndecided = allowUndecided
        print(report.table(changesOnly: changesOnly), terminator: "")
        for warning in report.hostWarnings { Console.error("warning: \(warning)") }
        for hint in report.hints { Console.error("note: \(hint)") }
        try CLIErrors.guarding { try report.write(markdown: markdown, junit: junit, json: json) }
        if !noReport {
            // The current run's own directory gets the page; a saved baseline is not written into.
            if FileManager.default.fileExists(atPath: currentPath + "/measurements.csv") {
                try HTMLReports.write(currentPath, check: report, quiet: false)
            } else {
                Console.error("note: no report.html: \(currentPath) is not a run directory")
            }
        }
        if !report.passed { throw ExitCode(ExitStatus.failure.rawValue) }
    }

    /// The run to measure now (nil with --current), checked by the same rules as `run`'s; `controls`
    /// when the check compares against control loops.
    private func plan(controls: Bool) throws -> RunPlan? {
        try CLIErrors.validating {
            try RunSpec.chosen(preset: preset, spec: spec).map { spec in
                try RunPlan.check(spec: spec, measure: measure.choices, controls: controls, outputPath: output, commandLine: CommandLine.arguments)
            }
        }
    }

    /// Measures the preset or spec into a new run directory, as `sockbench run` would.
    private func measureNow(controls: Bool) throws -> String {
        guard let plan = try plan(controls: controls) else { throw ValidationError("give --current, --run or --spec") }
        let session = try CLIErrors.guarding { try RunSession.start(plan) }
        let outcome = try Execution.run(session, quiet: quiet)
        if outcome.interrupted { try Execution.exit(for: outcome) }
        // Warnings are not progress: --quiet hides the progress lines, never what went wrong.
        Execution.printLaterWarnings(outcome)
        if !quiet { Console.error("measured \(outcome.directory)") }
        return outcome.directory
    }
}

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
        discussion: """
        Cells are matched by their id (every axis). For each cell and metric the
        median of the current run is compared with the baseline's. A change counts
        only when the median moved beyond the metric's threshold AND a two-sided
        Mann-Whitney U test on the per-repetition values gives p < 0.01. With 5
        repetitions per side, samples that do not overlap reach p = 0.0079; with
        fewer than 3 (or 3 vs 3, 4 vs 4) p cannot fall that low, and a change is
        listed as "insufficient repetitions", never flagged as a regression. Worse
        is a regression, better an improvement (reported, not a failure). A cell
        with a failed repetition in the current run is a regression.

        The check fails when it cannot check: a baseline cell (or metric) missing
        from the current run, and a change beyond its threshold with too few
        repetitions to test ("insufficient repetitions"), each get their own line
        and make exit 1, unless --allow-missing / --allow-undecided accept them.
        Cells new in the current run are listed, not failed. A check with
        nothing to compare fails (exit 1, --allow-missing included): a baseline
        or current run with no measured cell, or no cell in both. In JUnit, what fails
        is a <failure>, what is not checked but accepted is <skipped>.

        The table shows only the axes that vary between the cells (the shared ones
        are printed once above it); --changes-only leaves out the "ok" rows.
        --markdown, --junit and --json paths are checked before anything is
        measured.

        Default thresholds: msg_per_s, mb_per_s and rtt_per_s at --tolerance;
        rtt_p50_us 15%, rtt_p90_us 20%, rtt_p99_us 30%, rtt_p999_us 50%;
        cpu_us_per_msg_sender/receiver 25%; lost: any increase. rtt_max_us and
        ctx_switches_per_msg are not checked. A --thresholds YAML file replaces
        the default of each metric it names; a change must exceed every limit
        given (absolute is in the metric's unit):
          metrics:
            msg_per_s: {relative: 5%}
            rtt_p99_us: {relative: 30%, absolute: 5}
          skip: [rtt_p999_us]

        A warning is printed when the runs come from different hosts, kernels or
        sysctls: such a comparison may be meaningless.

        EXIT STATUS
          0    no regression, and everything was checked (or allowed)
          1    a regression or a failed cell, nothing to compare, a missing
               cell or an untestable change not allowed by --allow-missing /
               --allow-undecided, or the machine's drift beyond --max-drift
          64   invalid usage or thresholds file
          65   malformed baseline or run files (the line names file and field)
          66   baseline or run directory not found
          74   --markdown, --junit or --json cannot be written (checked before
               measuring), or --output is not a new or empty directory

        EXAMPLES
          sockbench check --baseline main --current results/20261125T171800Z-quick
          sockbench check --baseline main --run quick --junit check.xml --json check.json
          sockbench check --baseline main --current DIR --changes-only --allow-missing
          sockbench check --baseline ci --run ci --normalize --max-drift 20%
        """
    )

    @Option(help: ArgumentHelp("A baseline name (looked up in --baselines), a baseline directory, or a run directory.", valueName: "name|dir"))
    var baseline: String

    @Option(help: ArgumentHelp("The run directory to check.", valueName: "dir"))
    var current: String?

    @Option(name: .customLong("run"), help: ArgumentHelp("Measure this preset now and check the new run.", valueName: "preset"))
    var preset: String?

    @Option(help: ArgumentHelp("Measure the matrix of this YAML spec now and check the new run.", valueName: "file"))
    var spec: String?

    @Option(help: ArgumentHelp("Threshold of msg_per_s, mb_per_s and rtt_per_s, such as 5%.", valueName: "percent"))
    var tolerance: String = "10%"

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

    @Option(help: ArgumentHelp("Also fail when the machine itself moved: the C control loops' median msg/s changed by more than this, such as 20%. Catches a slower kernel, a changed sysctl or a CPU quota, which --normalize cancels. Needs controls in both runs.", valueName: "percent"))
    var maxDrift: String?

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
        guard Quantities.percentage(tolerance) != nil else { throw ValidationError("--tolerance: '\(tolerance)' is not a percentage such as 10%") }
        if let maxDrift, Quantities.percentage(maxDrift) == nil {
            throw ValidationError("--max-drift: '\(maxDrift)' is not a percentage such as 20%")
        }
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
        let tolerance = Quantities.percentage(tolerance)!
        // A bad output path is found now, not after minutes of measuring.
        for path in [markdown, junit, json].compactMap({ $0 }) {
            if let problem = FileOutput.writeProblem(path) { throw ExitCode(CLIErrors.report(problem)) }
        }
        if let output, let problem = RunDirectory.creationProblem(at: output) {
            throw ExitCode(CLIErrors.report(problem))
        }
        let (limits, baselineFile) = try CLIErrors.guarding {
            let limits = try thresholds.map { path throws(ReportError) in try Thresholds.load(path: path, tolerance: tolerance) } ?? .defaults(tolerance: tolerance)
            return (limits, try Baselines.resolve(baseline, root: baselines))
        }
        let withControls = normalize || maxDrift != nil || baselineFile.cells.contains { $0.axes.engine == .c }
        let currentPath = try current ?? measureNow(controls: withControls)
        let currentFile = try CLIErrors.guarding { try Baselines.open(currentPath) }
        let check = CheckSession(
            baseline: baselineFile, current: currentFile, normalize: normalize, maxDrift: maxDrift.flatMap(Quantities.percentage)
        )
        if let median = check.medianDrift {
            let cells = check.drift.map { String(format: "%@ ×%.3f", ShortCellIDs(check.drift.map(\.cellID))[id: $0.cellID], $0.ratio) }.joined(separator: ", ")
            Console.error(String(format: "machine drift (C control loops, current/baseline msg/s): median ×%.3f (%@)", median, cells))
            if !normalize, abs(median - 1) > tolerance {
                Console.error(String(format: "warning: the machine changed: the control loops moved by %+.1f%%, more than the %@ tolerance; absolute comparison unreliable (use --normalize)", (median - 1) * 100, NumberFormat.percent(tolerance)))
            }
        }
        var report = try CLIErrors.guarding {
            try check.compare(thresholds: limits, baselineName: baseline, currentPath: currentPath) { Console.error("note: \($0)") }
        }
        if normalize { Console.error("normalized: each metric is the Swift loop's value over the C control's in the same slot") }
        report.allowMissing = allowMissing
        report.allowUndecided = allowUndecided
        print(report.table(changesOnly: changesOnly), terminator: "")
        for warning in report.hostWarnings { Console.error("warning: \(warning)") }
        for hint in report.hints { Console.error("note: \(hint)") }
        try CLIErrors.guarding {
            if let markdown { try FileOutput.writeAtomically(report.markdown(), to: markdown) }
            if let junit { try FileOutput.writeAtomically(report.junit(), to: junit) }
            if let json { try FileOutput.writeAtomically(report.json(), to: json) }
        }
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

    /// The matrix to measure now, or nil with --current.
    private func runSpec() throws -> RunSpec? {
        if let preset { return Presets.named(preset) }
        guard let spec else { return nil }
        do { return try SpecFile.load(path: spec) } catch { throw ValidationError(error.description) }
    }

    /// The run to measure now, checked by the same rules as `run`'s; `controls` when the check compares
    /// against control loops.
    private func plan(controls: Bool) throws -> RunPlan? {
        guard let spec = try runSpec() else { return nil }
        let name = RunName.isValid(spec.name) ? "check-\(spec.name)" : "check"
        let settings: MeasurementSettings
        do { settings = try measure.settings(over: spec.settings) } catch let error as AxisError { throw ValidationError(error.description) }
        let target = try measure.target()
        return try CLIErrors.planning { () throws(PlanError) in
            try RunPlan(
                name: name, command: "check", axes: spec.axes, settings: settings,
                // A preset's 3 repetitions can never show p < 0.01; measure enough to tell.
                repetitions: measure.repetitions ?? max(spec.repetitions, RegressionCheck.repetitionsNeeded),
                seed: measure.seed ?? Schedule.randomSeed(), target: target,
                maximumRepetitions: measure.maximumRepetitions, controls: controls,
                outputPath: output ?? RunPlan.defaultOutputPath(name: name), commandLine: CommandLine.arguments
            )
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

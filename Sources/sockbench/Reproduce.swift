import ArgumentParser
import Foundation
import SockBenchModel
import SockBenchReport
import SockBenchStats
import SockBenchStore
import SockBenchSession

struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Test the claim \"\(ClaimPlan.claimText(unit: "msg/s"))\" and show when it holds.",
        discussion: HelpText.reproduce
    )

    @Option(help: ArgumentHelp("Run directory to create, new or empty (default: results/<UTC timestamp>-reproduce).", valueName: "dir"))
    var output: String?

    @Option(help: ArgumentHelp("Where the figures go (default: plots/<run name>); checked before anything is measured (exit 74).", valueName: "dir"))
    var plots: String?

    @Option(help: ArgumentHelp("Slots every condition gets in the first pass; the datagram context cells get only these (default: 6).", valueName: "n"))
    var slots: Int?

    @Option(quantity: ArgumentHelp("Measuring time to spend: 30s, 1m, 90s (default: \(Int(ClaimPlan.defaultBudgetSeconds))s). Every condition gets one more slot per round until it is spent.", valueName: "duration"))
    var budget: TimeSpan?

    @Option(help: ArgumentHelp("Seed of the randomized order, to replay a run.", valueName: "n"))
    var seed: UInt64?

    @Option(quantity: ArgumentHelp("Measured time of each cell in a slot, with a unit (default: \(ClaimPlan.measuredMilliseconds)ms).", valueName: "duration"))
    var duration: TimeSpan?

    @Option(quantity: ArgumentHelp("Warmup before each measurement, with a unit (default: \(ClaimPlan.warmupMilliseconds)ms).", valueName: "duration"))
    var warmup: TimeSpan?

    @Option(help: ArgumentHelp("Where to look for earlier reproduce runs of this machine, whose spread between runs widens the intervals (default: the directory that holds the run directory).", valueName: "dir"))
    var history: String?

    @Flag(help: "Ignore earlier runs: the intervals cover this run's slots and drift only.")
    var noHistory = false

    @Flag(help: "No progress lines on stderr; warnings still print.")
    var quiet = false

    @Flag(help: "Do not write report.html at the end (sockbench report DIR writes it later).")
    var noReport = false

    @Flag(help: "Also find the knee of unix, tcp and udp at 64 B (sustainable msg/s at p99 one-way latency ≤ 200 µs) and add it to REPORT.md. Adds about 15-30 s, so it is opt-in.")
    var withKnee = false

    @OptionGroup var idle: IdleOption

    func validate() throws { _ = try plan() }

    /// The run the options describe; a bad option throws a one-line ValidationError naming it.
    func plan() throws -> RunPlan {
        try CLIErrors.validating {
            try Reproduction.plan(
                outputPath: output, slots: slots, seed: seed, budget: budget, duration: duration, warmup: warmup, idle: idle.policy(),
                history: history, noHistory: noHistory, commandLine: CommandLine.arguments
            )
        }
    }

    func run() throws {
        let start = Date()
        let request = try plan()
        // A --plots path that cannot hold the figures is found now, not after the budget is spent.
        let plannedPlots = plots ?? PlotScripts.defaultOutputDirectory(forRun: request.outputPath)
        if let problem = FileOutput.directoryProblem(plannedPlots) { throw ExitCode(CLIErrors.report(problem)) }
        let session = try CLIErrors.guarding { try RunSession.start(request) }
        let outcome = try Execution.run(
            session, quiet: quiet, policy: Reproduction.policy(session.metadata), status: Reproduction.status(session.metadata)
        )
        let command = (["sockbench"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        var (analysis, report) = try CLIErrors.guarding {
            try Reproduction.report(outcome, wallSeconds: Date().timeIntervalSince(start), command: command, history: Reproduction.historyDirectory(run: outcome.directory, history: history, noHistory: noHistory))
        }
        report.sections.append(try NagleTrap.measure(run: outcome.directory, idle: idle.policy()))
        // The verdict is printed before the figures are drawn, so no later failure can lose it.
        print(ClaimTable.render(analysis))
        for warning in ClaimReport.precisionWarnings(analysis) + ClaimReport.contradictionWarnings(analysis) { Console.error("warning: \(warning)") }
        if outcome.failedMeasurements > 0 { Console.error("\(outcome.failedMeasurements) measurement(s) failed; see \(outcome.directory)/measurements.csv") }
        print(analysis.verdictLine)
        let plotDirectory = plots ?? PlotScripts.defaultOutputDirectory(forRun: outcome.directory)
        // REPORT.md is written once, whole, also when the figures or the knee sweep fail (with what was measured).
        let appendices = Result { () throws in
            try Figures.render(run: outcome.directory, into: plotDirectory, quiet: quiet)
            if withKnee { report.sections.append(try knee(run: outcome.directory)) }
        }
        _ = try CLIErrors.guarding { try report.write(into: outcome.directory) }
        try appendices.get()
        print(String(format: "wrote %@/REPORT.md and claim.csv; figures in %@; wall time %.0f s", outcome.directory, plotDirectory, Date().timeIntervalSince(start)))
        if !noReport { try HTMLReports.write(outcome.directory, quiet: quiet) }
        try Execution.exit(for: outcome)
    }

    /// `--with-knee`: the load sweep into `<run>/knee/`, its table on stdout; returns its section of REPORT.md.
    private func knee(run: String) throws -> ReportSection {
        let request = KneeReport.request(run: run, idle: idle.policy())
        let (outcome, section) = try CLIErrors.guarding {
            try KneeReport.measure(request, step: { step, sweep in
                if !quiet { Console.error(KneeTable.progressLine(step, sweep: sweep, of: request.repetitions, bound: request.plan.bound)) }
            }, warn: Execution.warn)
        }
        print(KneeTable.render(outcome.estimates, bound: request.plan.bound))
        print("knee sweep in \(outcome.directory); section added to \(run)/\(ReportDocument.fileName)")
        return section
    }
}

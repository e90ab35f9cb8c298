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
        discussion: """
        Measures AF_UNIX stream and TCP (with unix-dgram and UDP for context) under the conditions that change the answer: ping-pong and one-way stream; 64 B, 1 KiB and 64 KiB messages; TCP_NODELAY on and off; default and 1 MiB socket buffers; workers on the same core and on different cores; ping-pong between cores both with idle CPUs held polling (idle=poll) and with the idle states left to the OS (idle=os), since that decides the direction of the answer. Each condition's AF_UNIX and TCP cells are measured back to back in slots (random order within a slot), every condition one slot per round until --budget is spent (the design never looks at the results, so the 95% holds). The ratio's 95% interval comes from the per-slot ratios and also covers the ratio's drift between time blocks of the run (the drift column). Takes about a minute and a half on 2 cores.

        Writes a run directory (default results/<UTC timestamp>-reproduce/) with measurements.csv, summary.csv, run.json, claim.csv, claim-pairs.csv (every slot's ratio) and REPORT.md, and the figures into plots/<run name>/. Prints the per-condition table and a one-line verdict. Ping-pong msg/s counts 2 messages per round trip (the request and its echo).
        """
    )

    @Option(help: ArgumentHelp("Run directory to create, new or empty (default: results/<UTC timestamp>-reproduce).", valueName: "dir"))
    var output: String?

    @Option(help: ArgumentHelp("Where the figures go (default: plots/<run name>); checked before anything is measured (exit 74).", valueName: "dir"))
    var plots: String?

    @Option(help: ArgumentHelp("Slots every condition gets in the first pass; the datagram context cells get only these (default: 6).", valueName: "n"))
    var slots: Int?

    @Option(help: ArgumentHelp("Measuring time to spend: 30s, 1m, 90s (default: \(Int(ClaimPlan.defaultBudgetSeconds))s). Every condition gets one more slot per round until it is spent.", valueName: "duration"))
    var budget: String?

    @Option(help: ArgumentHelp("Seed of the randomized order, to replay a run.", valueName: "n"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("Measured time of each cell in a slot, with a unit (default: \(ClaimPlan.measuredMilliseconds)ms).", valueName: "duration"))
    var duration: String?

    @Option(help: ArgumentHelp("Warmup before each measurement, with a unit (default: \(ClaimPlan.warmupMilliseconds)ms).", valueName: "duration"))
    var warmup: String?

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

    func validate() throws {
        if let slots, slots < 1 || slots > ClaimPlan.maximumSlots { throw ValidationError("--slots: \(slots) is outside 1...\(ClaimPlan.maximumSlots)") }
        _ = try budgetSeconds()
        if noHistory, history != nil { throw ValidationError("--history and --no-history contradict each other; give one") }
        if let history {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: history, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--history: '\(history)' is not a directory; give the directory that holds earlier reproduce runs")
            }
        }
        _ = try settings()
    }

    /// The claim plan's measurement settings with --duration, --warmup and --idle applied.
    func settings() throws -> MeasurementSettings {
        do { return try Reproduction.settings(duration: duration, warmup: warmup, idle: idle.policy()) } catch let error as AxisError {
            throw ValidationError(error.description)
        }
    }

    /// --budget in seconds, checked: 5 s to 1 h.
    func budgetSeconds() throws -> Double? {
        do { return try Reproduction.budgetSeconds(budget) } catch let error as AxisError { throw ValidationError(error.description) }
    }

    func run() throws {
        let start = Date()
        let settings = try settings()
        let budget = try budgetSeconds()
        let request = try CLIErrors.planning { () throws(PlanError) in
            try Reproduction.plan(outputPath: output, slots: slots, seed: seed, budgetSeconds: budget, settings: settings, commandLine: CommandLine.arguments)
        }
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

import ArgumentParser
import Foundation
import SockBenchModel
import SockBenchReport
import SockBenchStore
import SockBenchSession

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure every combination of the given axes and write a run directory.",
        discussion: HelpText.run
    )

    @OptionGroup(title: "Matrix axes") var matrix: MatrixOptions
    @OptionGroup(title: "Measurement") var measure: MeasureOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Hosts (server elsewhere)") var hosts: HostOptions

    @Option(help: ArgumentHelp("Start from a built-in matrix; `sockbench presets` lists them.", valueName: "name"))
    var preset: String?

    @Option(help: ArgumentHelp("Read the matrix from a YAML spec file (axes, repetitions, durations, name).", valueName: "file"))
    var spec: String?

    @Option(help: ArgumentHelp("Finish an interrupted run directory without repeating finished measurements. The run keeps its matrix, settings, seed and directory: matrix, measurement and --output/--name options are refused (exit 64), and so is a directory made by load, calibrate or reproduce (start those again).", valueName: "dir"))
    var resume: String?

    @Flag(help: "Also measure each cell's plain-C reference loop (engine=c) back to back with it in every slot: a control of the machine's state that `check --normalize` divides by.")
    var controls = false

    @Option(help: ArgumentHelp("Pair two values of one axis in every combination of the others, measured back to back in each slot: transport=unix,tcp, nodelay=on,off, mode=blocking,epoll, size=64,1K. Prints and writes compare.csv with the ratio B/A, its 95% interval and a reading (faster, slower, no clear difference).", valueName: "axis=a,b"))
    var compare: String?

    @Option(help: ArgumentHelp("With --compare: the metrics compared, such as rtt_p50_us,rtt_p99_us or msg_per_s (any summary.csv metric). Default from the pattern: round-trip p50, p99 and msg/s for pingpong; round-trip p50 and p99 for rr; one-way p50, p99 and msg/s for a paced stream; msg/s for a stream; transactions/s and connect() p50 for connect. --target-ci targets the first of them (with or without --compare).", valueName: "list"))
    var metric: String?

    @Flag(help: "Measure nothing and write nothing: print the planned cells, skipped combinations, seed, estimated time and output directory (with --resume: what is left to measure). Exits as the real run would refuse to start (64, 66, 74).")
    var dryRun = false

    @Flag(help: "Do not write report.html at the end (sockbench report DIR writes it later).")
    var noReport = false

    mutating func validate() throws {
        if let resume {
            let sources = [("--preset", preset), ("--spec", spec), ("--compare", compare), ("--metric", metric)].filter { $0.1 != nil }.map(\.0)
            let outputs = [("--output", output.output), ("--name", output.name)].filter { $0.1 != nil }.map(\.0)
            if let conflict = RunSession.resumeConflict(resume, matrix: matrix.given + sources, measurement: measure.given, hosts: hosts.given, output: outputs) {
                throw ValidationError(conflict)
            }
            return
        }
        try measure.validateValues()
        if preset != nil && spec != nil { throw ValidationError("--preset and --spec exclude each other; give one") }
        if let preset, Presets.named(preset) == nil {
            throw ValidationError("--preset: unknown preset '\(preset)'; use one of \(Presets.all.map(\.name).joined(separator: ", "))")
        }
        _ = try plannedRequest()
    }

    /// The plan from preset/spec/defaults with the command-line options on top.
    func plannedRequest() throws -> RunPlan {
        let placement = try hosts.placement()
        return try CLIErrors.validating {
            try RunPlan.run(
                base: try RunSpec.chosen(preset: preset, spec: spec) ?? Presets.commandLineDefault, matrix: matrix.choices,
                measure: measure.choices, hosts: placement, compare: compare, metric: metric, controls: controls,
                name: output.name, outputPath: output.output, commandLine: CommandLine.arguments
            )
        }
    }

    func run() throws {
        let session: RunSession
        if let resume {
            if dryRun {
                try CLIErrors.guarding { try DryRun.printResume(resume) { Swift.print($0) } }
                return
            }
            session = try CLIErrors.guarding { try RunSession.resume(resume) }
        } else {
            let request = try plannedRequest()
            let plan = Matrix.expand(request.axes).placed(on: request.settings.hosts)
            if dryRun {
                try CLIErrors.guarding { try DryRun.print(plan: plan, request: request, seedGiven: measure.seed != nil) { Swift.print($0) } }
                return
            }
            printPlanNotes(plan)
            if plan.cells.isEmpty {
                session = try CLIErrors.guarding { try RunSession.start(request) }
            } else {
                let coordinator = try HostPreflight.coordinator(for: request.settings.hosts, idle: request.settings.idle ?? .recordedDefault)
                session = try CLIErrors.guarding { try RunSession.start(request, coordinator: coordinator) }
            }
        }
        let outcome = try Execution.run(session, quiet: output.quiet)
        if output.json {
            Swift.print(try JSONReport.summary(outcome))
            // stdout holds only the JSON (which lists every warning); a reader still sees them.
            Execution.printLaterWarnings(outcome)
        } else {
            Swift.print("idle CPUs while measuring: \(IdleStatesText.header(outcome.metadata))")
            Swift.print(SummaryTable.render(outcome.summaries))
            if let spec = outcome.metadata.compare {
                let comparisons = try CLIErrors.guarding { try CompareRun.write(spec, outcome) }
                Swift.print(CompareReport.table(comparisons))
            }
            Execution.printFooter(outcome)
            for shortfall in outcome.shortfalls { Console.error("warning: \(shortfall)") }
        }
        if !noReport { try HTMLReports.write(outcome.directory, quiet: output.quiet) }
        try Execution.exit(for: outcome)
    }

    private func printPlanNotes(_ plan: MatrixPlan) {
        guard !output.quiet else { return }
        for note in plan.notes { Console.error("note: \(note)") }
        for skipped in plan.skipped { Console.error("skipped: \(skipped)") }
    }
}

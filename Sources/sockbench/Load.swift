import ArgumentParser
import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchStats
import SockBenchStore
import SockBenchSession

struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find two knees per transport: the highest offered msg/s it keeps up with, and the highest within a latency objective beyond the machine's own floor.",
        discussion: HelpText.load
    )

    @Option(help: ArgumentHelp("Transports to sweep, comma-separated (default: unix,tcp,udp).", valueName: "list"))
    var transport: String?

    @Option(quantity: ArgumentHelp("Message size: 64, 1K (default: 64; at least 24 bytes for the paced header).", valueName: "bytes"))
    var size: ByteCount?

    @Option(help: ArgumentHelp("stream (one-way latency, default) or rr (open-loop round trips).", valueName: "pattern"))
    var pattern: String?

    @Option(help: ArgumentHelp("Latency objective: PERCENTILE=DURATION with p50, p90, p99, p999 or max, such as p99=200us (default, suits loopback).", valueName: "objective"))
    var slo: String?

    @Option(help: ArgumentHelp("First offered rate, msg/s per pair (default: 10k).", valueName: "rate"))
    var startRate: String?

    @Option(help: ArgumentHelp("Highest offered rate tried (default: 5M).", valueName: "rate"))
    var maxRate: String?

    @Option(quantity: ArgumentHelp("Measured time per rate, with a unit (default: 300ms).", valueName: "duration"))
    var stepDuration: TimeSpan?

    @Option(quantity: ArgumentHelp("Warmup before each rate, with a unit (default: 100ms).", valueName: "duration"))
    var warmup: TimeSpan?

    @Option(help: ArgumentHelp("Run directory to create, new or empty (default: results/<UTC timestamp>-load).", valueName: "dir"))
    var output: String?

    @Option(help: ArgumentHelp("Directory for knee.csv and the figures' scripts and images (default: DIR/figures, DIR being --output).", valueName: "dir"))
    var plots: String?

    @Flag(help: "No progress lines on stderr; warnings still print.")
    var quiet = false

    @Option(help: ArgumentHelp("Sweeps per transport; each knee is pooled from every try of every sweep, with a 95 % interval from resampling the sweeps (default: 5).", valueName: "n"))
    var repetitions: Int?

    @Option(help: ArgumentHelp("TCP_NODELAY for tcp and tcp6: on or off (default: on, as run has).", valueName: "on|off"))
    var nodelay: String?

    @Flag(help: "Print both knees of every transport as JSON on stdout (the table goes to stderr unless --quiet).")
    var json = false

    @OptionGroup var idle: IdleOption

    func validate() throws {
        let request = try request()
        _ = try CLIErrors.validating { try request.runPlan() }
    }

    func request() throws -> LoadSession.Request {
        try CLIErrors.validating {
            try LoadSession.Request.parse(
                transport: transport, size: size, pattern: pattern, slo: slo, startRate: startRate, maxRate: maxRate,
                stepDuration: stepDuration, warmup: warmup, repetitions: repetitions, nodelay: nodelay, idle: idle.policy(), output: output
            )
        }
    }

    func run() throws {
        let request = try request()
        Signals.install()
        defer { Signals.restore() }
        let outcome = try CLIErrors.guarding {
            try LoadSession.run(request, step: { step, sweep in
                if !quiet { Console.error(KneeTable.progressLine(step, sweep: sweep, of: request.repetitions, bound: request.plan.bound)) }
            }, warn: Execution.warn)
        }
        let directory = outcome.directory
        // With --json, stdout carries only the JSON; everything for a reader goes to stderr.
        func say(_ text: String) { if json { if !quiet { Console.error(text) } } else { print(text) } }
        if outcome.sweeps.isEmpty {
            // Interrupted before any sweep finished: no knee to state, the rows are kept.
            Console.error(RunMetadata.interruptedLine(directory))
            Console.error("wrote \(directory)/measurements.csv, summary.csv, run.json")
            throw Execution.interruptedExitCode
        }
        say(KneeTable.render(outcome.estimates, bound: request.plan.bound))
        // Beside the run's data, wherever --output put it (not ./plots of the current directory),
        // unless --plots names a directory; the scripts find the run relative to themselves.
        let figures = try CLIErrors.guarding {
            try LoadSession.writeFigures(outcome, bound: request.plan.bound, into: plots ?? "\(directory)/figures")
        }
        for warning in figures.warnings { Console.error("gnuplot: \(warning)") }
        say("wrote \(directory)/measurements.csv, summary.csv, run.json, knees.json and histograms/")
        say("figures: \(figures.files.joined(separator: ", "))")
        if json { print(LoadJSON(outcome.estimates, bound: request.plan.bound, run: directory).text(), terminator: "") }
        if outcome.interrupted {
            let planned = request.transports.count * max(1, request.repetitions)
            Console.error(RunMetadata.interruptedLine(directory) + " (the knees come from the \(outcome.sweeps.count) of \(planned) sweeps that finished)")
            throw Execution.interruptedExitCode
        }
    }
}

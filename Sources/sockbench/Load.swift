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
        discussion: """
        For each transport, sweeps the offered rate of a paced stream (or open-loop rr): doubling from --start-rate until a rate fails, then bisecting between the last pass and the first failure (4 steps), once for each knee (a rate both searches visit is measured once).

        Saturation knee: the highest rate the transport keeps up with — achieved at least 95 % of offered, and the backlog not growing: the median latency from the intended send time of the second half of the step at most max(500 µs, half the first half's median, but never more than 2 % of a half's duration) above the first half's. A failing rate is measured up to twice more and the best kept: a failure must repeat before it bounds the knee. A backlog that grows lifts every later message, so the late median rises; one stall of a few ms lifts too few messages to move a median unless the rate is within a few percent of capacity. This knee depends on the transport's capacity, not on rare stalls.

        Latency knee: the highest rate that keeps up and whose --slo percentile beyond the machine's floor (the transport's percentile minus the floor's) is within the bound. The floor is a control run just before each step: the coordinator, pinned to the sender's core, follows the same pacing schedule with no socket and records how late it wakes (like cyclictest). Where the floor alone breaks the objective, the report says "floor-limited" instead of giving a knee.

        The whole sweep runs --repetitions times (default 3, transports interleaved); each knee is the median of the sweeps with their min–max (which covers the median with probability 1 − 2^(1−n): 75 % for 3 sweeps). A knee whose max/min exceeds 1.3 is marked * as not repeating.

        Prints one line per transport and writes a normal run directory (default results/<UTC timestamp>-load/) with every step as a row of measurements.csv (rate_offered, owl_* columns; the sweep is the repetition), knees.json, the one-way histograms in histograms/ and the figures (knee.csv, gnuplot scripts) in its figures/, or in --plots DIR. --json prints knees.json on stdout instead of the table; progress stays on stderr.

        EXAMPLES
          sockbench load --transport unix,tcp,udp --size 64
          sockbench load --transport tcp --pattern rr --slo p999=1ms --nodelay off
          sockbench load --transport unix --quiet --json | jq '.transports[0].saturation.median'
        """
    )

    @Option(help: ArgumentHelp("Transports to sweep, comma-separated (default: unix,tcp,udp).", valueName: "list"))
    var transport: String?

    @Option(help: ArgumentHelp("Message size: 64, 1K (default: 64; at least 24 bytes for the paced header).", valueName: "bytes"))
    var size: String?

    @Option(help: ArgumentHelp("stream (one-way latency, default) or rr (open-loop round trips).", valueName: "pattern"))
    var pattern: String?

    @Option(help: ArgumentHelp("Latency objective: PERCENTILE=DURATION with p50, p90, p99, p999 or max, such as p99=200us (default, suits loopback).", valueName: "objective"))
    var slo: String?

    @Option(help: ArgumentHelp("First offered rate, msg/s per pair (default: 10k).", valueName: "rate"))
    var startRate: String?

    @Option(help: ArgumentHelp("Highest offered rate tried (default: 5M).", valueName: "rate"))
    var maxRate: String?

    @Option(help: ArgumentHelp("Measured time per rate, with a unit (default: 300ms).", valueName: "duration"))
    var stepDuration: String?

    @Option(help: ArgumentHelp("Warmup before each rate, with a unit (default: 100ms).", valueName: "duration"))
    var warmup: String?

    @Option(help: ArgumentHelp("Run directory to create, new or empty (default: results/<UTC timestamp>-load).", valueName: "dir"))
    var output: String?

    @Option(help: ArgumentHelp("Directory for knee.csv and the figures' scripts and images (default: DIR/figures, DIR being --output).", valueName: "dir"))
    var plots: String?

    @Flag(help: "No progress lines on stderr; warnings still print.")
    var quiet = false

    @Option(help: ArgumentHelp("Sweeps per transport; each knee is their median with min–max (default: 3).", valueName: "n"))
    var repetitions: Int?

    @Option(help: ArgumentHelp("TCP_NODELAY for tcp and tcp6: on or off (default: on, as run has).", valueName: "on|off"))
    var nodelay: String?

    @Flag(help: "Print both knees of every transport as JSON on stdout (the table goes to stderr unless --quiet).")
    var json = false

    @OptionGroup var idle: IdleOption

    func validate() throws {
        let request = try request()
        _ = try CLIErrors.planning { () throws(PlanError) in try request.runPlan() }
    }

    func request() throws -> LoadSession.Request {
        do {
            return try LoadSession.Request.parse(
                transport: transport, size: size, pattern: pattern, slo: slo, startRate: startRate, maxRate: maxRate,
                stepDuration: stepDuration, warmup: warmup, repetitions: repetitions, nodelay: nodelay, idle: idle.policy(), output: output
            )
        } catch let error as AxisError {
            throw ValidationError(error.description)
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
            Console.error(Execution.interruptedLine(directory))
            Console.error("wrote \(directory)/measurements.csv, summary.csv, run.json")
            throw Execution.interruptedExitCode
        }
        say(KneeTable.render(outcome.estimates, bound: request.plan.bound))
        // Beside the run's data, wherever --output put it (not ./plots of the current directory),
        // unless --plots names a directory; the scripts find the run relative to themselves.
        let plots = self.plots ?? "\(directory)/figures"
        let scripts = try CLIErrors.guarding { try LoadFigures.write(outcome.sweeps, bound: request.plan.bound, run: directory, into: plots) }
        var rendered: [String] = []
        if Gnuplot.isInstalled {
            for script in scripts {
                for warning in (try? Gnuplot.render(script: script)) ?? ["could not render \(script)"] { Console.error("gnuplot: \(warning)") }
                let image = script.replacingOccurrences(of: ".gp", with: ".png")
                if FileManager.default.fileExists(atPath: image) { rendered.append(image) }
            }
        }
        say("wrote \(directory)/measurements.csv, summary.csv, run.json, knees.json and histograms/")
        say("figures: \(rendered.isEmpty ? scripts.joined(separator: ", ") : rendered.joined(separator: ", "))")
        if json { print(LoadJSON(outcome.estimates, bound: request.plan.bound, run: directory).text(), terminator: "") }
        if outcome.interrupted {
            let planned = request.transports.count * max(1, request.repetitions)
            Console.error(Execution.interruptedLine(directory) + " (the knees come from the \(outcome.sweeps.count) of \(planned) sweeps that finished)")
            throw Execution.interruptedExitCode
        }
    }
}

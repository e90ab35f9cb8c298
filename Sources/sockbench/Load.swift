import ArgumentParser
import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the knee: the highest offered msg/s each transport sustains with bounded latency.",
        discussion: """
        For each transport, sweeps the offered rate of a paced stream (or open-loop rr): doubling from --start-rate until a rate fails, then bisecting between the last pass and the first failure (4 steps). A rate passes when the achieved rate is at least 99 % of the offered one and the --slo percentile of one-way latency (stream; round trip for rr), measured from each message's intended send time, is within its bound. Each rate is measured --repetitions times (default 3), each for --step-duration after --warmup, and the repetition with the median --slo percentile decides: a shared machine stalls a process for milliseconds now and then, and one stall in one short measurement should not move the knee.

        Prints one line per transport (knee rate, latency percentiles there, the first failing rate and why) and writes a normal run directory (default results/<UTC timestamp>-load/) with every step as a row of measurements.csv (rate_offered, owl_* columns) and the one-way histograms of each rate in histograms/.

        EXAMPLES
          sockbench load --transport unix,tcp,udp --size 64
          sockbench load --transport tcp --pattern rr --slo p999=1ms
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

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    @Option(help: ArgumentHelp("Measurements per rate; the one with the median latency percentile decides (default: 3).", valueName: "n"))
    var repetitions: Int?

    @OptionGroup var idle: IdleOption

    func validate() throws { _ = try request() }

    func request() throws -> LoadSession.Request {
        do {
            let transports = try AxisParsing.transports(transport ?? "unix,tcp,udp")
            let sizes = try AxisParsing.sizes(size ?? "64")
            guard sizes.count == 1 else { throw AxisError("--size: give one size; load sweeps the rate, not the size") }
            guard let pattern = Pattern(rawValue: pattern ?? "stream"), pattern != .pingpong else {
                throw AxisError("--pattern: use stream or rr (pingpong is closed-loop and has no offered rate)")
            }
            if sizes[0] < PacedHeader.bytes { throw AxisError("--size: paced messages carry a \(PacedHeader.bytes)-byte header; use at least \(PacedHeader.bytes)") }
            for t in transports where Matrix.unsupported(t, pattern, sizeBytes: sizes[0]) != nil {
                throw AxisError("--size: \(Matrix.unsupported(t, pattern, sizeBytes: sizes[0])!)")
            }
            guard let bound = slo.map(LatencyBound.init) ?? LatencyBound.loopbackDefault else {
                throw AxisError("--slo: invalid value '\(slo ?? "")'; use \(LatencyBound.form)")
            }
            func rate(_ text: String?, _ option: String, _ fallback: Int) throws -> Int {
                guard let text else { return fallback }
                guard let r = AxisParsing.rate(text), r >= 1, r <= Matrix.maximumRatePerSecond else {
                    throw AxisError("\(option): invalid value '\(text)'; use \(AxisParsing.rateForm.replacingOccurrences(of: ", or max (unpaced)", with: ""))")
                }
                return r
            }
            var plan = KneeSearch.Plan(bound: bound)
            plan.start = try rate(startRate, "--start-rate", 10_000)
            plan.maximum = try rate(maxRate, "--max-rate", 5_000_000)
            plan.minimum = min(plan.minimum, plan.start)
            if plan.maximum < plan.start { throw AxisError("--max-rate: below --start-rate") }
            var settings = LoadSession.defaultSettings
            settings.idle = idle.policy()
            if let stepDuration { settings.extent = .duration(nanoseconds: try AxisParsing.duration(stepDuration, option: "--step-duration", allowZero: false)) }
            if let warmup { settings.warmupNanoseconds = try AxisParsing.duration(warmup, option: "--warmup", allowZero: true) }
            if let repetitions, repetitions < 1 || repetitions > 100 { throw AxisError("--repetitions: \(repetitions) is outside 1...100") }
            var request = LoadSession.Request(
                transports: transports, pattern: pattern, sizeBytes: sizes[0], plan: plan, settings: settings,
                outputPath: output ?? RunRequest.defaultOutputPath(name: "load"), outputIsDefault: output == nil
            )
            if let repetitions { request.repetitions = repetitions }
            return request
        } catch let error as AxisError {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let request = try request()
        let (sweeps, directory) = try LoadSession.run(request, quiet: quiet)
        print(KneeTable.render(sweeps, bound: request.plan.bound))
        for sweep in sweeps {
            for step in sweep.steps where step.measurement.error?.hasPrefix("achieved") ?? false {
                Console.error("warning: \(sweep.cell.transport.rawValue) at \(NumberFormat.grouped(Double(step.rate))) msg/s: \(step.measurement.error!)")
            }
        }
        let plots = PlotScripts.defaultOutputDirectory(forRun: directory)
        let scripts = try CLIErrors.guarding { try LoadFigures.write(sweeps, bound: request.plan.bound, run: directory, into: plots) }
        var rendered: [String] = []
        if Gnuplot.isInstalled {
            for script in scripts {
                for warning in (try? Gnuplot.render(script: script)) ?? ["could not render \(script)"] { Console.error("gnuplot: \(warning)") }
                let image = script.replacingOccurrences(of: ".gp", with: ".png")
                if FileManager.default.fileExists(atPath: image) { rendered.append(image) }
            }
        }
        print("wrote \(directory)/measurements.csv, summary.csv, run.json and histograms/")
        print("figures: \(rendered.isEmpty ? scripts.joined(separator: ", ") : rendered.joined(separator: ", "))")
    }
}

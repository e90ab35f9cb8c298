import ArgumentParser
import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Test the claim \"AF_UNIX ~100 000 msg/s vs TCP localhost ~40 000 msg/s\" and show when it holds.",
        discussion: """
        Measures AF_UNIX stream and TCP (with unix-dgram and UDP for context) under the conditions that change the answer: ping-pong and one-way stream; 64 B, 1 KiB and 64 KiB messages; TCP_NODELAY on and off; default and 1 MiB socket buffers; workers on the same core and on different cores. Each cell is measured 6 times (the fewest that give a 95% CI of the median) in a random interleaved order. Takes about a minute on 2 cores.

        Writes a run directory (default results/<UTC timestamp>-reproduce/) with measurements.csv, summary.csv, run.json, claim.csv and REPORT.md, and the figures into plots/<run name>/. Prints the per-condition table and a one-line verdict. Ping-pong msg/s counts 2 messages per round trip (the request and its echo).
        """
    )

    @Option(help: ArgumentHelp("Run directory to create, new or empty (default: results/<UTC timestamp>-reproduce).", valueName: "dir"))
    var output: String?

    @Option(help: ArgumentHelp("Where the figures go (default: plots/<run name>).", valueName: "dir"))
    var plots: String?

    @Option(help: ArgumentHelp("Repetitions per cell (default: 6).", valueName: "n"))
    var repetitions: Int?

    @Option(help: ArgumentHelp("Seed of the randomized order, to replay a run.", valueName: "n"))
    var seed: UInt64?

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        if let repetitions, repetitions < 1 || repetitions > 100 { throw ValidationError("--repetitions: \(repetitions) is outside 1...100") }
    }

    func run() throws {
        let start = Date()
        let request = Reproduction.request(outputPath: output, repetitions: repetitions, seed: seed, commandLine: CommandLine.arguments)
        let session = try CLIErrors.guarding { try RunSession.start(request) }
        let outcome = try Execution.run(session, quiet: quiet)
        let command = (["sockbench"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        let analysis = try CLIErrors.guarding {
            try Reproduction.report(outcome, wallSeconds: Date().timeIntervalSince(start), command: command)
        }
        let plotDirectory = plots ?? PlotScripts.defaultOutputDirectory(forRun: outcome.directory)
        try Figures.render(run: outcome.directory, into: plotDirectory, quiet: quiet)
        print(Reproduction.table(analysis))
        for warning in ClaimReport.precisionWarnings(analysis) { Console.error("warning: \(warning)") }
        if outcome.failedMeasurements > 0 { Console.error("\(outcome.failedMeasurements) measurement(s) failed; see \(outcome.directory)/measurements.csv") }
        print(analysis.verdictLine)
        print(String(format: "wrote %@/REPORT.md and claim.csv; figures in %@; wall time %.0f s", outcome.directory, plotDirectory, Date().timeIntervalSince(start)))
        try Execution.exit(for: outcome)
    }
}

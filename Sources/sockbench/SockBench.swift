import ArgumentParser
import Foundation
import SockBenchModel
import SockBenchStore

@main
struct SockBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sockbench",
        abstract: "Measure local socket IPC: AF_UNIX, TCP and UDP over loopback, between worker processes.",
        discussion: """
        Each measurement runs a sender and a receiver as separate processes and reports messages per second, MB/s (10^6 bytes/s) and round-trip latency percentiles. Ping-pong counts 2 messages per round trip (the request and its echo).

        EXIT STATUS
          0    success
          1    a measurement failed, or check found a regression, had nothing to
               compare or could not check (missing cells, too few repetitions)
          64   invalid usage, option value or spec (EX_USAGE); every error line
               starts with "sockbench: "
          65   malformed run, baseline or thresholds file (EX_DATAERR)
          66   baseline or run directory not found (EX_NOINPUT)
          68   --server-address names a host that does not resolve (EX_NOHOST)
          69   a run across hosts could not start its workers: the launcher failed,
               sent no hello in time, or runs another sockbench (EX_UNAVAILABLE)
          74   output could not be written, or --output holds a run or other files
               (EX_IOERR)
          130  interrupted by SIGINT (143: SIGTERM): run, load and calibrate keep the
               finished measurements and mark run.json interrupted;
               run --resume finishes a run
        """,
        // The commit is looked up (two git calls) only when --version asks for it, never on the
        // way to a measurement.
        version: CommandLine.arguments.contains("--version") ? SockBenchVersion.full() : SockBenchVersion.current,
        subcommands: [Run.self, Load.self, Reproduce.self, Plot.self, ReportCommand.self, Check.self, Baseline.self, PresetsCommand.self, Calibrate.self, Worker.self]
    )

    /// argument-parser's `main`, with every error reported through `CLIErrors` (one prefix).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            Foundation.exit(CLIErrors.report(error))
        }
    }
}

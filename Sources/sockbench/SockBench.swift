import ArgumentParser
import Foundation
import SockBenchModel
import SockBenchStore
import SockBenchSession

@main
struct SockBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sockbench",
        abstract: "Measure local socket IPC: AF_UNIX, TCP and UDP over loopback, between worker processes.",
        discussion: HelpText.sockbench,
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

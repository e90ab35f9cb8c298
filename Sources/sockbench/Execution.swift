import ArgumentParser
import Foundation
import SockBenchModel
import SockBenchRunner
import SockBenchStore
import SockBenchSession
import Synchronization

/// Shared by run, reproduce and check: signals, progress, the footer and the exit status.
enum Execution {
    /// The sockbench binary itself, started again as `sockbench worker`.
    static var executable: String { Coordinator.defaultWorkerExecutable() }

    static func run(
        _ session: RunSession, quiet: Bool, policy: RunSession.SlotPolicy? = nil, status: (([CellMeasurement]) -> String)? = nil
    ) throws -> RunOutcome {
        Signals.install()
        defer { Signals.restore() }
        if !quiet {
            Console.error("run: \(session.directory.path)  seed \(session.metadata.seed)  \(session.metadata.cells.count) cells × \(session.metadata.repetitions) repetitions")
        }
        // Warnings are not progress: --quiet hides the progress lines, never what may be wrong.
        for warning in session.metadata.warnings { Console.error("warning: \(warning)") }
        warningsShownAtStart.store(session.metadata.warnings.count, ordering: .relaxed)
        let display = ProgressDisplay(quiet: quiet)
        let outcome = try CLIErrors.guarding { try session.execute(executable: executable, progress: display.show, policy: policy, status: status, warn: warn) }
        display.finish()
        return outcome
    }

    /// A warning the user must see now, on stderr.
    static func warn(_ warning: String) { Console.error("warning: " + warning) }

    /// Warnings already printed when the run started, so the footer does not repeat them.
    private static let warningsShownAtStart = Atomic<Int>(0)

    /// The warnings the run added after it started (failed or scattered cells, a missed --target-ci).
    static func printLaterWarnings(_ outcome: RunOutcome) {
        for warning in outcome.metadata.warnings.dropFirst(warningsShownAtStart.load(ordering: .relaxed)) { Console.error("warning: \(warning)") }
    }

    static func printFooter(_ outcome: RunOutcome) {
        printLaterWarnings(outcome)
        let failed = outcome.failedMeasurements
        if failed > 0 { Console.error("\(failed) measurement(s) failed; see the error column of \(outcome.directory)/measurements.csv") }
        if outcome.interrupted { Console.error(RunMetadata.interruptedLine(outcome.directory, metadata: outcome.metadata)) }
        if let pair = HostPlacement.pairLabel(client: outcome.metadata.clientHost ?? outcome.metadata.host, server: outcome.metadata.serverHost) {
            Console.error("hosts: \(pair)")
        }
        Console.error("wrote \(outcome.directory)/measurements.csv, summary.csv, run.json (seed \(outcome.metadata.seed))")
    }

    /// 130 after SIGINT, 143 after SIGTERM, as a shell reports a process killed by the signal.
    static var interruptedExitCode: ExitCode { ExitCode(128 + Interruption.signal) }

    /// 130/143 when interrupted, 1 when a measurement failed, else 0.
    static func exit(for outcome: RunOutcome) throws {
        if outcome.interrupted { throw interruptedExitCode }
        if outcome.failedMeasurements > 0 { throw ExitCode(ExitStatus.failure.rawValue) }
    }
}

import ArgumentParser
import Foundation
import SockBenchCore
import SockBenchReport
import SockBenchRunner

/// Shared by run, reproduce and check: signals, progress, the footer and the exit status.
enum Execution {
    /// The sockbench binary itself, started again as `sockbench worker`.
    static var executable: String { Coordinator.defaultWorkerExecutable() }

    static func run(_ session: RunSession, quiet: Bool) throws -> RunOutcome {
        Signals.install()
        defer { Signals.restore() }
        if !quiet {
            Console.error("run: \(session.directory.path)  seed \(session.metadata.seed)  \(session.metadata.cells.count) cells × \(session.metadata.repetitions) repetitions")
            for warning in session.metadata.warnings { Console.error("warning: \(warning)") }
            warningsShownAtStart = session.metadata.warnings.count
        }
        let display = ProgressDisplay(quiet: quiet)
        let outcome = try CLIErrors.guarding { try session.execute(executable: executable, progress: display.show) }
        display.finish()
        return outcome
    }

    /// Warnings already printed when the run started, so the footer does not repeat them.
    nonisolated(unsafe) static var warningsShownAtStart = 0

    static func printFooter(_ outcome: RunOutcome) {
        for warning in outcome.metadata.warnings.dropFirst(warningsShownAtStart) { Console.error("warning: \(warning)") }
        let failed = outcome.failedMeasurements
        if failed > 0 { Console.error("\(failed) measurement(s) failed; see the error column of \(outcome.directory)/measurements.csv") }
        if outcome.interrupted {
            Console.error("interrupted: finished measurements are kept in \(outcome.directory); finish with: sockbench run --resume \(outcome.directory)")
        }
        Console.error("wrote \(outcome.directory)/measurements.csv, summary.csv, run.json (seed \(outcome.metadata.seed))")
    }

    /// 130/143 when interrupted, 1 when a measurement failed, else 0.
    static func exit(for outcome: RunOutcome) throws {
        if outcome.interrupted { throw ExitCode(128 + Interruption.signal) }
        if outcome.failedMeasurements > 0 { throw ExitCode(1) }
    }
}

/// SIGINT/SIGTERM: the first asks the matrix to stop between measurements (the current workers are
/// killed); a second exits at once after killing every worker.
enum Signals {
    static func install() {
        signal(SIGPIPE, SIG_IGN)
        // A parent may have left these blocked (the mask survives exec); a run must hear them.
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        sigaddset(&mask, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        for number in [SIGINT, SIGTERM] {
            signal(number) { received in
                if Interruption.signal != 0 {
                    WorkerProcess.killAllFromSignalHandler()
                    _exit(128 + received)
                }
                Interruption.signal = received
            }
        }
    }

    static func restore() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

enum Console {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Turns library errors into one line on stderr and a sysexits status.
enum CLIErrors {
    static func guarding<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ReportError {
            Console.error("sockbench: \(error.description)")
            throw ExitCode(error.exitCode)
        } catch let error as SyscallError {
            Console.error("sockbench: \(error.description)")
            throw ExitCode(error.errno == .noSpace ? 74 : 1)
        }
    }
}

/// Cell i of N, the cell, elapsed time and ETA on stderr: a live line on a terminal, a plain line
/// every few seconds otherwise.
final class ProgressDisplay {
    private let quiet: Bool
    private let live = isatty(STDERR_FILENO) == 1
    private var lastPlain: Double = -10

    init(quiet: Bool) { self.quiet = quiet }

    func show(_ progress: RunProgress) {
        guard !quiet else { return }
        let line = String(
            format: "[%d/%d] %@ rep %d  elapsed %@  ETA %@",
            progress.index, progress.total, progress.cell.id, progress.repetition,
            Self.clock(progress.elapsedSeconds), Self.clock(progress.remainingSeconds)
        )
        if live {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        } else if progress.elapsedSeconds - lastPlain >= 5 || progress.index == 1 || progress.index == progress.total {
            lastPlain = progress.elapsedSeconds
            Console.error(line)
        }
    }

    func finish() {
        if live && !quiet { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d", total / 60, total % 60)
    }
}

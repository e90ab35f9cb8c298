import Foundation
import SockBenchRunner
import SockBenchSession

/// Cell i of N, the cell, elapsed time and ETA on stderr: a live line on a terminal, a plain line
/// every few seconds otherwise.
final class ProgressDisplay {
    private let quiet: Bool
    private let live = isatty(STDERR_FILENO) == 1
    private var lastPlain: Double = -10

    init(quiet: Bool) { self.quiet = quiet }

    func show(_ progress: RunProgress) {
        guard !quiet else { return }
        let line = progress.line
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
}

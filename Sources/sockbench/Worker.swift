import ArgumentParser
import Glibc
import SockBenchRunner

/// The hidden worker process. It speaks only JSON lines on stdin/stdout to its coordinator.
struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Internal: one sender or receiver process, driven by its coordinator over stdin/stdout.",
        shouldDisplay: false
    )

    @Option(help: "The coordinator's pid; the worker exits if it is not its parent.")
    var parent: Int32?

    func run() throws {
        // Ctrl-C goes to the whole process group; the coordinator decides what to stop.
        signal(SIGINT, SIG_IGN)
        let status = WorkerMain.run(expectedParent: parent)
        if status != 0 { throw ExitCode(status) }
    }
}

import Foundation
import SockBenchCore
import SockBenchModel
import Synchronization

/// One worker child process and the coordinator's ends of its control pipes.
///
/// The coordinator owns it: `terminate()` (also run by deinit) closes the pipes, waits briefly for a
/// clean exit, then SIGKILLs and reaps, so no worker outlives its coordinator. A worker started
/// through a launcher runs in a process group of its own, and the whole group is killed, so what
/// the launcher started (a shell's children, say) goes with it. The coordinator's thread drives it;
/// other threads read the immutable pid and label, and the lock keeps the pipes and the reaped
/// status consistent if one of them asks how the process stands.
public final class WorkerProcess: Sendable {
    public let pid: pid_t
    public let label: String
    /// Started through a launcher, in a process group of its own (pgid = pid).
    public let isLaunched: Bool
    private let pipes: Mutex<Pipes>

    /// The coordinator's ends of the worker's pipes, and how the process ended once reaped.
    private struct Pipes {
        var toWorker: Int32
        var reader: LineReader
        /// The launcher's stderr (read end, non-blocking), -1 for a worker started directly.
        var errorFD: Int32
        /// The last 4 KiB the launcher wrote to stderr.
        var errorText: [UInt8] = []
        /// How the process ended, once it has been reaped.
        var ending: ChildState?

        /// Keeps what is waiting on the stderr pipe (the last 4 KiB), so a chatty launcher never blocks.
        mutating func drainStandardError() {
            guard errorFD >= 0 else { return }
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { raw in (try? Sys.read(errorFD, raw.baseAddress!, raw.count)) ?? nil }
                guard let count, count > 0 else { break }
                errorText.append(contentsOf: chunk[..<count])
                if errorText.count > 4096 { errorText.removeFirst(errorText.count - 4096) }
            }
        }
    }

    /// Starts `executable worker` with stdin/stdout wired to new pipes. With a `launcher` (such as
    /// `["ssh", "hostb"]` or `["ip", "netns", "exec", "b"]`) the launcher is looked up on PATH and
    /// runs `executable worker` wherever it runs things, in a process group of its own; its stderr
    /// is kept for `standardErrorTail`.
    public init(executable: String, label: String, launcher: [String] = []) throws(SyscallError) {
        let input = try Sys.pipe()
        let output = try Sys.pipe()
        let errors = launcher.isEmpty ? nil : try Sys.pipe()
        // A worker started through a launcher has the launcher (or sshd) as its parent, so only a
        // direct child is told whom to expect.
        let arguments = launcher.isEmpty
            ? [executable, "worker", "--parent", String(getpid())]
            : launcher + [executable, "worker"]
        let spawned = Result { () throws(SyscallError) in
            try Sys.spawn(
                arguments, searchPath: !launcher.isEmpty, standardInput: input.read, standardOutput: output.write,
                standardError: errors?.write ?? -1, newProcessGroup: !launcher.isEmpty
            )
        }
        Sys.close(input.read)
        Sys.close(output.write)
        if let errors { Sys.close(errors.write) }
        let child: pid_t
        switch spawned {
        case .success(let pid): child = pid
        case .failure(let error):
            Sys.close(input.write)
            Sys.close(output.read)
            if let errors { Sys.close(errors.read) }
            throw error
        }
        pid = child
        isLaunched = !launcher.isEmpty
        self.label = label
        if let errors { try? Sys.setNonBlocking(errors.read, true) }
        pipes = Mutex(Pipes(toWorker: input.write, reader: LineReader(fd: output.read), errorFD: errors?.read ?? -1))
        LiveWorkers.track(child, group: isLaunched)
    }

    /// How failures name it: `server of pair 0 (pid 1234)`; for a launched worker the pid is the
    /// launcher's.
    public var name: String { "\(label) (\(isLaunched ? "launcher pid" : "pid") \(pid))" }

    /// The last line(s) a launched worker wrote to stderr (ssh's or ip's complaint), up to 300 bytes.
    public var standardErrorTail: String {
        let bytes = pipes.withLock { pipes in
            pipes.drainStandardError()
            return pipes.errorText
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return String(lines.suffix(2).joined(separator: " / ").suffix(300))
    }

    deinit { terminate() }

    public func send(_ request: ControlRequest) throws(ControlError) {
        try pipes.withLock { pipes throws(ControlError) in try ControlCodec.write(ControlCodec.encode(request), to: pipes.toWorker) }
    }

    /// The worker's next control line; waits until `deadline` (CLOCK_MONOTONIC ns).
    func readLine(deadline: UInt64) throws(ControlError) -> [UInt8] {
        try pipes.withLock { pipes throws(ControlError) in try pipes.reader.readLine(deadline: deadline) }
    }

    /// Stops the worker: closes its stdin (a worker waiting for a message exits), waits up to
    /// `grace`, then SIGKILLs it (a launched worker's whole group, whatever the launcher left) and
    /// reaps it. Safe to call more than once.
    public func terminate(graceNanoseconds: UInt64 = 1_000_000_000) {
        pipes.withLock { pipes in
            if pipes.toWorker >= 0 {
                Sys.close(pipes.toWorker)
                pipes.toWorker = -1
            }
        }
        if !hasBeenReaped {
            let deadline = MonotonicClock.nanoseconds() + graceNanoseconds
            while state?.hasEnded != true, MonotonicClock.nanoseconds() < deadline { MonotonicClock.sleep(nanoseconds: 1_000_000) }
            // Before reaping: while the leader is an unreaped zombie its pid cannot name another group.
            if isLaunched { try? Sys.killGroup(pid, SIGKILL) }
            if state?.hasEnded != true { try? Sys.kill(pid, SIGKILL) }
            // SIGKILL cannot be caught; the child is gone once the kernel gets to it.
            while !reap() { MonotonicClock.sleep(nanoseconds: 1_000_000) }
        }
        pipes.withLock { pipes in
            if pipes.reader.fd >= 0 {
                Sys.close(pipes.reader.fd)
                pipes.reader = LineReader(fd: -1)
            }
            if pipes.errorFD >= 0 {
                pipes.drainStandardError()
                Sys.close(pipes.errorFD)
                pipes.errorFD = -1
            }
        }
    }

    /// Kills at once without waiting for a clean exit (a hung or stopped worker).
    public func kill() {
        if !hasBeenReaped {
            if isLaunched { try? Sys.killGroup(pid, SIGKILL) }
            try? Sys.kill(pid, SIGKILL)
        }
        terminate(graceNanoseconds: 0)
    }

    private var hasBeenReaped: Bool { pipes.withLock { $0.ending != nil } }

    /// Collects the exit status if the child has ended; returns whether it has been reaped.
    @discardableResult
    func reap() -> Bool {
        pipes.withLock { pipes in
            if pipes.ending == nil, let state = try? Sys.childState(pid, reap: true), state.hasEnded {
                pipes.ending = state
                LiveWorkers.untrack(pid)
            }
            return pipes.ending != nil
        }
    }

    /// How the process stands now without collecting it: ended, stopped, or nil while it runs.
    var state: ChildState? {
        pipes.withLock { pipes in pipes.ending ?? (try? Sys.childState(pid, reap: false)) }
    }

    /// Whether the process has not exited (and its control channel is open).
    var isRunning: Bool {
        reap()
        return pipes.withLock { $0.ending == nil && $0.toWorker >= 0 }
    }

    /// Waits up to `nanoseconds` for the process to end or stop, and returns how it stands.
    func settle(nanoseconds: UInt64) -> ChildState? {
        let deadline = MonotonicClock.nanoseconds() + nanoseconds
        while true {
            if let state { return state }
            if MonotonicClock.nanoseconds() >= deadline { return nil }
            MonotonicClock.sleep(nanoseconds: 1_000_000)
        }
    }
}

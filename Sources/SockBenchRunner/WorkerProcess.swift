import Foundation
import SockBenchCore
import SockBenchModel

/// One worker child process and the coordinator's ends of its control pipes.
///
/// The coordinator owns it: `terminate()` (also run by deinit) closes the pipes, waits briefly for a
/// clean exit, then SIGKILLs and reaps, so no worker outlives its coordinator. A worker started
/// through a launcher runs in a process group of its own, and the whole group is killed, so what
/// the launcher started (a shell's children, say) goes with it. Used by one thread at a time (the
/// coordinator's); other threads read only the immutable pid and label.
public final class WorkerProcess: @unchecked Sendable {
    public let pid: pid_t
    public let label: String
    /// Started through a launcher, in a process group of its own (pgid = pid).
    public let isLaunched: Bool
    private var toWorker: Int32
    var reader: LineReader
    /// How the process ended, once it has been reaped.
    private(set) var ending: ChildState?

    /// Every live worker in a fixed table, so a signal handler can kill them all without allocating
    /// or locking: a pid, or minus the process group of a launched worker (0 = free slot).
    nonisolated(unsafe) static let live: UnsafeMutablePointer<pid_t> = {
        let table = UnsafeMutablePointer<pid_t>.allocate(capacity: liveCapacity)
        table.initialize(repeating: 0, count: liveCapacity)
        return table
    }()
    static let liveCapacity = 512

    static func track(_ pid: pid_t, group: Bool) {
        for slot in 0..<liveCapacity where live[slot] == 0 {
            live[slot] = group ? -pid : pid
            return
        }
    }

    static func untrack(_ pid: pid_t) {
        for slot in 0..<liveCapacity where live[slot] == pid || live[slot] == -pid { live[slot] = 0 }
    }

    /// Async-signal-safe: SIGKILLs every tracked worker (and a launched one's whole group).
    public static func killAllFromSignalHandler() {
        for slot in 0..<liveCapacity where live[slot] != 0 { Glibc.kill(live[slot], SIGKILL) }
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
        toWorker = input.write
        reader = LineReader(fd: output.read)
        if let errors {
            try? Sys.setNonBlocking(errors.read, true)
            errorFD = errors.read
        }
        WorkerProcess.track(child, group: isLaunched)
    }

    /// How failures name it: `server of pair 0 (pid 1234)`; for a launched worker the pid is the
    /// launcher's.
    public var name: String { "\(label) (\(isLaunched ? "launcher pid" : "pid") \(pid))" }

    /// The launcher's stderr (read end, non-blocking), -1 for a worker started directly.
    private var errorFD: Int32 = -1
    private var errorText: [UInt8] = []

    /// The last line(s) a launched worker wrote to stderr (ssh's or ip's complaint), up to 300 bytes.
    public var standardErrorTail: String {
        drainStandardError()
        let text = String(decoding: errorText, as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return String(lines.suffix(2).joined(separator: " / ").suffix(300))
    }

    /// Keeps what is waiting on the stderr pipe (the last 4 KiB), so a chatty launcher never blocks.
    func drainStandardError() {
        guard errorFD >= 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { raw in (try? Sys.read(errorFD, raw.baseAddress!, raw.count)) ?? nil }
            guard let count, count > 0 else { break }
            errorText.append(contentsOf: chunk[..<count])
            if errorText.count > 4096 { errorText.removeFirst(errorText.count - 4096) }
        }
    }

    deinit { terminate() }

    public func send(_ request: ControlRequest) throws(ControlError) {
        try ControlCodec.write(ControlCodec.encode(request), to: toWorker)
    }

    /// Stops the worker: closes its stdin (a worker waiting for a message exits), waits up to
    /// `grace`, then SIGKILLs it (a launched worker's whole group, whatever the launcher left) and
    /// reaps it. Safe to call more than once.
    public func terminate(graceNanoseconds: UInt64 = 1_000_000_000) {
        if toWorker >= 0 {
            Sys.close(toWorker)
            toWorker = -1
        }
        if ending == nil {
            let deadline = MonotonicClock.nanoseconds() + graceNanoseconds
            while state?.hasEnded != true, MonotonicClock.nanoseconds() < deadline { MonotonicClock.sleep(nanoseconds: 1_000_000) }
            // Before reaping: while the leader is an unreaped zombie its pid cannot name another group.
            if isLaunched { try? Sys.killGroup(pid, SIGKILL) }
            if state?.hasEnded != true { try? Sys.kill(pid, SIGKILL) }
            // SIGKILL cannot be caught; the child is gone once the kernel gets to it.
            while ending == nil {
                reap()
                if ending == nil { MonotonicClock.sleep(nanoseconds: 1_000_000) }
            }
        }
        if reader.fd >= 0 {
            Sys.close(reader.fd)
            reader = LineReader(fd: -1)
        }
        if errorFD >= 0 {
            drainStandardError()
            Sys.close(errorFD)
            errorFD = -1
        }
    }

    /// Kills at once without waiting for a clean exit (a hung or stopped worker).
    public func kill() {
        if ending == nil {
            if isLaunched { try? Sys.killGroup(pid, SIGKILL) }
            try? Sys.kill(pid, SIGKILL)
        }
        terminate(graceNanoseconds: 0)
    }

    /// Collects the exit status if the child has ended.
    func reap() {
        guard ending == nil else { return }
        if let state = try? Sys.childState(pid, reap: true), state.hasEnded {
            ending = state
            WorkerProcess.untrack(pid)
        }
    }

    /// How the process stands now without collecting it: ended, stopped, or nil while it runs.
    var state: ChildState? {
        if let ending { return ending }
        return try? Sys.childState(pid, reap: false)
    }

    /// Whether the process has not exited (and its control channel is open).
    var isRunning: Bool {
        reap()
        return ending == nil && toWorker >= 0
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

    /// "exited with status 1", "was killed by SIGKILL", "was stopped by SIGSTOP", or "is still running".
    public var exitDescription: String { state?.description ?? "is still running" }
}

import Foundation
import SockBenchCore
import SockBenchModel

/// One worker child process and the coordinator's ends of its control pipes.
///
/// The coordinator owns it: `terminate()` (also run by deinit) closes the pipes, waits briefly for a
/// clean exit, then SIGKILLs and reaps, so no worker outlives its coordinator. Used by one thread
/// at a time (the coordinator's); other threads read only the immutable pid and label.
public final class WorkerProcess: @unchecked Sendable {
    public let pid: pid_t
    public let label: String
    private var toWorker: Int32
    var reader: LineReader
    private(set) var exitStatus: Int32?

    /// Every live worker's pid in a fixed table, so a signal handler can kill them all without
    /// allocating or locking (0 = free slot).
    nonisolated(unsafe) static let live: UnsafeMutablePointer<pid_t> = {
        let table = UnsafeMutablePointer<pid_t>.allocate(capacity: liveCapacity)
        table.initialize(repeating: 0, count: liveCapacity)
        return table
    }()
    static let liveCapacity = 512

    static func track(_ pid: pid_t) {
        for slot in 0..<liveCapacity where live[slot] == 0 {
            live[slot] = pid
            return
        }
    }

    static func untrack(_ pid: pid_t) {
        for slot in 0..<liveCapacity where live[slot] == pid { live[slot] = 0 }
    }

    /// Async-signal-safe: SIGKILLs every tracked worker.
    public static func killAllFromSignalHandler() {
        for slot in 0..<liveCapacity where live[slot] > 0 { Glibc.kill(live[slot], SIGKILL) }
    }

    /// Starts `executable worker` with stdin/stdout wired to new pipes. With a `launcher` (such as
    /// `["ssh", "hostb"]` or `["ip", "netns", "exec", "b"]`) the launcher is looked up on PATH and
    /// runs `executable worker` wherever it runs things; its stderr is kept for `standardErrorTail`.
    public init(executable: String, label: String, launcher: [String] = []) throws(SyscallError) {
        let input = try Sys.pipe()
        let output = try Sys.pipe()
        let errors = launcher.isEmpty ? nil : try Sys.pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, output.write, STDOUT_FILENO)
        if let errors { posix_spawn_file_actions_adddup2(&actions, errors.write, STDERR_FILENO) }

        // A worker started through a launcher has the launcher (or sshd) as its parent, so only a
        // direct child is told whom to expect.
        let arguments = launcher.isEmpty
            ? [executable, "worker", "--parent", String(getpid())]
            : launcher + [executable, "worker"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let status = launcher.isEmpty
            ? posix_spawn(&child, executable, &actions, nil, &argv, environ)
            : posix_spawnp(&child, launcher[0], &actions, nil, &argv, environ)
        Sys.close(input.read)
        Sys.close(output.write)
        if let errors { Sys.close(errors.write) }
        guard status == 0 else {
            Sys.close(input.write)
            Sys.close(output.read)
            if let errors { Sys.close(errors.read) }
            throw SyscallError(call: "posix_spawn", errno: Errno(rawValue: status), detail: launcher.first ?? executable)
        }
        pid = child
        self.label = label
        toWorker = input.write
        reader = LineReader(fd: output.read)
        if let errors {
            try? Sys.setNonBlocking(errors.read, true)
            errorFD = errors.read
        }
        WorkerProcess.track(child)
    }

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
    /// `grace`, then SIGKILLs and reaps it. Safe to call more than once.
    public func terminate(graceNanoseconds: UInt64 = 1_000_000_000) {
        if toWorker >= 0 {
            Sys.close(toWorker)
            toWorker = -1
        }
        if exitStatus == nil {
            let deadline = MonotonicClock.nanoseconds() + graceNanoseconds
            while exitStatus == nil, MonotonicClock.nanoseconds() < deadline {
                reap()
                if exitStatus == nil { MonotonicClock.sleep(nanoseconds: 1_000_000) }
            }
            if exitStatus == nil {
                try? Sys.kill(pid, SIGKILL)
                // SIGKILL cannot be caught; the child is gone once the kernel gets to it.
                while exitStatus == nil {
                    reap()
                    if exitStatus == nil { MonotonicClock.sleep(nanoseconds: 1_000_000) }
                }
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
        try? Sys.kill(pid, SIGKILL)
        terminate(graceNanoseconds: 0)
    }

    /// Collects the exit status if the child has exited.
    func reap() {
        guard exitStatus == nil else { return }
        if let status = try? Sys.waitNoHang(pid) {
            exitStatus = status
            WorkerProcess.untrack(pid)
        }
    }

    /// Whether the process has not exited (and its control channel is open).
    var isRunning: Bool {
        reap()
        return exitStatus == nil && toWorker >= 0
    }

    /// "exited with status 1", "killed by SIGKILL", or "still running".
    public var exitDescription: String {
        reap()
        guard let status = exitStatus else { return "still running" }
        let signal = status & 0x7f
        if signal == 0 { return "exited with status \((status >> 8) & 0xff)" }
        return "killed by signal \(signal)\(signal == SIGKILL ? " (SIGKILL)" : signal == SIGSEGV ? " (SIGSEGV)" : "")"
    }
}

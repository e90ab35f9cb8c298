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

    /// Starts `executable worker` with stdin/stdout wired to new pipes.
    public init(executable: String, label: String) throws(SyscallError) {
        let input = try Sys.pipe()
        let output = try Sys.pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, output.write, STDOUT_FILENO)

        let arguments = [executable, "worker", "--parent", String(getpid())]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, nil, &argv, environ)
        Sys.close(input.read)
        Sys.close(output.write)
        guard status == 0 else {
            Sys.close(input.write)
            Sys.close(output.read)
            throw SyscallError(call: "posix_spawn", errno: Errno(rawValue: status), detail: executable)
        }
        pid = child
        self.label = label
        toWorker = input.write
        reader = LineReader(fd: output.read)
        WorkerProcess.track(child)
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

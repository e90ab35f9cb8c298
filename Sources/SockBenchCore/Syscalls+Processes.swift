import CSockBench
import Glibc

/// How a child process stands: ended (with its exit status or signal) or stopped by a signal.
public enum ChildState: Sendable, Equatable, CustomStringConvertible {
    case exited(status: Int32)
    case killed(signal: Int32)
    case stopped(signal: Int32)

    /// Whether the process is gone (a stopped one can still be killed and reaped).
    public var hasEnded: Bool {
        if case .stopped = self { return false }
        return true
    }

    /// "exited with status 1", "was killed by SIGKILL", "was stopped by SIGSTOP": a predicate
    /// that follows the process's name.
    public var description: String {
        switch self {
        case .exited(let status): "exited with status \(status)"
        case .killed(let signal): "was killed by \(SignalName.of(signal))"
        case .stopped(let signal): "was stopped by \(SignalName.of(signal))"
        }
    }
}

/// A signal's name as `kill -l` spells it (`SIGKILL`), or `signal N`.
public enum SignalName {
    public static func of(_ signal: Int32) -> String {
        switch signal {
        case SIGHUP: "SIGHUP"
        case SIGINT: "SIGINT"
        case SIGQUIT: "SIGQUIT"
        case SIGILL: "SIGILL"
        case SIGTRAP: "SIGTRAP"
        case SIGABRT: "SIGABRT"
        case SIGBUS: "SIGBUS"
        case SIGFPE: "SIGFPE"
        case SIGKILL: "SIGKILL"
        case SIGUSR1: "SIGUSR1"
        case SIGSEGV: "SIGSEGV"
        case SIGUSR2: "SIGUSR2"
        case SIGPIPE: "SIGPIPE"
        case SIGALRM: "SIGALRM"
        case SIGTERM: "SIGTERM"
        case SIGSTOP: "SIGSTOP"
        case SIGTSTP: "SIGTSTP"
        case SIGTTIN: "SIGTTIN"
        case SIGTTOU: "SIGTTOU"
        case SIGXCPU: "SIGXCPU"
        default: "signal \(signal)"
        }
    }
}

/// Child processes (the workers and their launchers), through the same door as every other call.
extension Sys {
    /// Starts `arguments[0]` (looked up on PATH with `searchPath`) with stdin, stdout and, unless -1,
    /// stderr taken from the given descriptors. `newProcessGroup` puts it in a group of its own
    /// (pgid = its pid), so `killGroup` reaches everything it starts.
    public static func spawn(
        _ arguments: [String], searchPath: Bool, standardInput: Int32, standardOutput: Int32, standardError: Int32 = -1,
        newProcessGroup: Bool
    ) throws(SyscallError) -> pid_t {
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let status = csb_spawn(
            &child, arguments[0], &argv, searchPath ? 1 : 0, standardInput, standardOutput, standardError, newProcessGroup ? 1 : 0
        )
        guard status == 0 else { throw SyscallError(call: "posix_spawn", errno: Errno(rawValue: status), detail: arguments[0]) }
        return child
    }

    public static func kill(_ pid: pid_t, _ signal: Int32) throws(SyscallError) {
        _ = try retrying("kill") { Glibc.kill(pid, signal) }
    }

    /// Sends `signal` to every process of group `group` (kill(-group)).
    public static func killGroup(_ group: pid_t, _ signal: Int32) throws(SyscallError) {
        _ = try retrying("kill", detail: "process group \(group)") { Glibc.kill(-group, signal) }
    }

    /// Whether child `pid` has ended or stopped; nil while it runs. With `reap` an ended child is
    /// collected (its pid is free again); without, it stays a zombie that a later call can still read.
    public static func childState(_ pid: pid_t, reap: Bool) throws(SyscallError) -> ChildState? {
        // Look first without collecting: a stop reported once by a collecting waitid is not reported again.
        var code: Int32 = 0
        var status: Int32 = 0
        let found = try retrying("waitid", detail: "pid \(pid)") { csb_wait_state(pid, 0, &code, &status) }
        guard found == 1 else { return nil }
        let state: ChildState = switch code {
        case Int32(CSB_CLD_EXITED): .exited(status: status)
        case Int32(CSB_CLD_STOPPED): .stopped(signal: status)
        default: .killed(signal: status)
        }
        if reap, state.hasEnded { _ = try retrying("waitid", detail: "pid \(pid)") { csb_wait_state(pid, 1, &code, &status) } }
        return state
    }
}

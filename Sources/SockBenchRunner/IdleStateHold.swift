import Glibc
import Synchronization
import SockBenchCore
import SockBenchModel

/// Keeps idle CPUs polling while a run measures (`--idle poll`), through the kernel's PM QoS
/// interface: while a process holds /dev/cpu_dma_latency open with 0 written to it, no CPU enters
/// an idle state whose exit takes longer than 0 µs. The kernel drops the request when the file is
/// closed, also when the process is killed, so nothing outlives the run.
///
/// Measured on the development VM (2 vCPUs, cpuidle haltpoll with polling off): ping-pong 64 B
/// between workers on different cores ran at about 5 000 msg/s with a per-repetition spread of 10x,
/// because each wake-up waited for the hypervisor to run a halted vCPU again; with the limit held,
/// about 70 000 msg/s and ±20%.
public final class IdleStateHold: Sendable {
    public static let path = "/dev/cpu_dma_latency"

    /// The policy asked for.
    public let policy: IdleStates
    /// The open request, or -1 when none is held (also while a cell with `idle=os` is measured).
    private let fd: Mutex<Int32>
    /// What happened, for run.json: held, left alone, or why the hold failed.
    public let note: String
    /// Set when `--idle poll` was asked for and could not be held.
    public let warning: String?

    public init(_ policy: IdleStates) {
        self.policy = policy
        guard policy == .poll else {
            fd = Mutex(-1)
            (note, warning) = ("idle states: left to the OS (--idle os)", nil)
            return
        }
        do throws(SyscallError) {
            fd = Mutex(try Self.acquire())
            (note, warning) = ("idle states: held polling while measuring (\(Self.path) = 0 µs)", nil)
        } catch {
            fd = Mutex(-1)
            note = "idle states: not held (\(error))"
            warning = "--idle poll: could not hold \(Self.path) (\(error)); wake-ups across cores include idle-state exits, which make cross-core figures slower and noisier. Run as root, or pass --idle os to measure with the OS's idle states on purpose."
        }
    }

    /// Opens the PM QoS device and writes the 0 µs limit; the limit lasts while the descriptor is open.
    private static func acquire() throws(SyscallError) -> Int32 {
        let fd = try Sys.open(path, flags: O_WRONLY)
        do throws(SyscallError) {
            let zero: Int32 = 0
            try Sys.writeAll(fd, withUnsafeBytes(of: zero) { Array($0) })
        } catch {
            Sys.close(fd)
            throw error
        }
        return fd
    }

    public var isHeld: Bool { fd.withLock { $0 } >= 0 }

    /// Runs `body` under `wanted` (a cell's own `idle`): with `os` the run's hold is released for
    /// the measurement and taken again after it; with `poll` under a run that leaves the idle states
    /// alone, a hold of its own is taken for the measurement (when it cannot be, the measurement
    /// runs unheld: the run's note and warning say whether the device can be held at all). nil or
    /// the run's own policy: `body` as it is.
    public func measuring<T>(under wanted: IdleStates?, _ body: () -> T) -> T {
        guard let wanted, wanted != policy else { return body() }
        switch wanted {
        case .os:
            let released = fd.withLock { fd in defer { fd = -1 }; return fd }
            guard released >= 0 else { return body() }
            Sys.close(released)
            defer { fd.withLock { $0 = (try? Self.acquire()) ?? -1 } }
            return body()
        case .poll:
            let own = try? Self.acquire()
            defer { if let own { Sys.close(own) } }
            return body()
        }
    }

    deinit {
        let open = fd.withLock { $0 }
        if open >= 0 { Sys.close(open) }
    }
}

import Glibc
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

    /// The open request, or -1 when none is held.
    private let fd: Int32
    /// What happened, for run.json: held, left alone, or why the hold failed.
    public let note: String
    /// Set when `--idle poll` was asked for and could not be held.
    public let warning: String?

    public init(_ policy: IdleStates) {
        guard policy == .poll else {
            (fd, note, warning) = (-1, "idle states: left to the OS (--idle os)", nil)
            return
        }
        do throws(SyscallError) {
            let fd = try Sys.open(Self.path, flags: O_WRONLY)
            do throws(SyscallError) {
                let zero: Int32 = 0
                try Sys.writeAll(fd, withUnsafeBytes(of: zero) { Array($0) })
            } catch {
                Sys.close(fd)
                throw error
            }
            (self.fd, note, warning) = (fd, "idle states: held polling while measuring (\(Self.path) = 0 µs)", nil)
        } catch {
            fd = -1
            note = "idle states: not held (\(error))"
            warning = "--idle poll: could not hold \(Self.path) (\(error)); wake-ups across cores include idle-state exits, which make cross-core figures slower and noisier. Run as root, or pass --idle os to measure with the OS's idle states on purpose."
        }
    }

    public var isHeld: Bool { fd >= 0 }

    deinit { if fd >= 0 { Sys.close(fd) } }
}

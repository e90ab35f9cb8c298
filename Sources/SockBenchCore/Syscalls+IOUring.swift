import CSockBench
import Glibc

/// io_uring through the same door as every other call: one ring per channel (CSockBench/uring.c),
/// one operation in flight, submitted and waited for in one C call.
extension Sys {
    /// What one submitted operation does: send/recv on a socket, write/read on a pipe.
    public enum RingOperation: Int32, Sendable {
        case send = 0, receive = 1, read = 2, write = 3

        var call: StaticString {
            switch self {
            case .send: "io_uring send"
            case .receive: "io_uring recv"
            case .read: "io_uring read"
            case .write: "io_uring write"
            }
        }
    }

    /// A ring of a few entries (`sqpoll`: with a kernel thread polling its submission queue). Throws
    /// the kernel's refusal: ENOSYS (no io_uring, or older than 5.11), EPERM (kernel.io_uring_disabled,
    /// seccomp), ENOMEM (locked-memory limit).
    public static func ringCreate(sqpoll: Bool) throws(SyscallError) -> OpaquePointer {
        var ring: OpaquePointer?
        _ = try retrying("io_uring_setup", detail: sqpoll ? "IORING_SETUP_SQPOLL" : nil) { () -> Int32 in
            ring = csb_uring_create(4, sqpoll ? 1 : 0)
            return ring == nil ? -1 : 0
        }
        return ring!
    }

    public static func ringDestroy(_ ring: OpaquePointer) {
        csb_uring_destroy(ring)
    }

    /// Submits `operation` and waits for its completion, at most `timeoutNanoseconds`; the bytes
    /// moved, or nil when the wait timed out (the operation was cancelled). The C side resumes an
    /// interrupted wait itself (retrying here would submit the operation twice).
    @inline(__always)
    public static func ringTransfer(
        _ ring: OpaquePointer, _ operation: RingOperation, _ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int,
        flags: Int32 = 0, timeoutNanoseconds: UInt64
    ) throws(SyscallError) -> Int? {
        let moved = csb_uring_transfer(ring, operation.rawValue, fd, buffer, count, flags, Int64(clamping: timeoutNanoseconds))
        if moved >= 0 { return moved }
        let code = csb_errno()
        if code == ETIME { return nil }
        throw SyscallError(call: String(describing: operation.call), errno: Errno(rawValue: code))
    }
}

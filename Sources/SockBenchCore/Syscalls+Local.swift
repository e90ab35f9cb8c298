import CSockBench
import Glibc

/// The calls of the pipe and shm transports, through the same door as the socket calls.
extension Sys {
    /// write(2) on a descriptor that may be non-blocking (a pipe's write end); nil when it would block.
    @inline(__always)
    public static func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) throws(SyscallError) -> Int? {
        try nonBlocking("write") { Glibc.write(fd, buffer, count) }
    }

    /// A pipe's capacity in bytes (F_GETPIPE_SZ).
    public static func pipeSize(_ fd: Int32) throws(SyscallError) -> Int {
        Int(try retrying("fcntl", detail: "F_GETPIPE_SZ") { csb_get_pipe_size(fd) })
    }

    /// Sets a pipe's capacity (F_SETPIPE_SZ); the kernel rounds up to a power-of-two number of pages
    /// and refuses more than /proc/sys/fs/pipe-max-size (EPERM) unless privileged.
    public static func setPipeSize(_ fd: Int32, bytes: Int) throws(SyscallError) {
        _ = try retrying("fcntl", detail: "F_SETPIPE_SZ=\(bytes)") { csb_set_pipe_size(fd, Int32(clamping: bytes)) }
    }

    /// An anonymous memory file (memfd_create, close-on-exec), named for /proc listings only.
    public static func memoryFile(name: String) throws(SyscallError) -> Int32 {
        try retrying("memfd_create", detail: name) { csb_memfd_create(name) }
    }

    /// Maps `length` bytes of `fd` shared, readable and writable, faulted in at once (MAP_POPULATE).
    public static func mapShared(_ fd: Int32, length: Int) throws(SyscallError) -> UnsafeMutableRawPointer {
        var address: UnsafeMutableRawPointer?
        _ = try retrying("mmap", detail: "\(length) bytes") { csb_map_shared(fd, length, &address) }
        return address!
    }

    public static func unmap(_ address: UnsafeMutableRawPointer, length: Int) {
        _ = csb_unmap(address, length)
    }

    /// How a futex wait ended.
    public enum FutexWait: Sendable { case woken, changed, timedOut }

    /// Sleeps while the shared word still holds `expected`, at most `timeoutNanoseconds`. A wake-up,
    /// a signal, a word that had already changed and a timeout are results; the caller re-reads the
    /// ring either way.
    @inline(__always)
    public static func futexWait(_ word: UnsafeMutablePointer<UInt32>, expected: UInt32, timeoutNanoseconds: UInt64) throws(SyscallError) -> FutexWait {
        if csb_futex_wait(word, expected, timeoutNanoseconds) == 0 { return .woken }
        let code = csb_errno()
        switch code {
        case EAGAIN, EINTR: return .changed
        case ETIMEDOUT: return .timedOut
        default: throw SyscallError(call: "futex", errno: Errno(rawValue: code), detail: "FUTEX_WAIT")
        }
    }

    /// Wakes one process sleeping on the shared word.
    @inline(__always)
    public static func futexWake(_ word: UnsafeMutablePointer<UInt32>) throws(SyscallError) {
        _ = try retrying("futex", detail: "FUTEX_WAKE") { csb_futex_wake(word) }
    }
}

import CSockBench
import Glibc

/// epoll over many descriptors, each known by a token (its connection index), and the open-files limit.
extension Sys {
    /// Registers `fd` for input, level-triggered, under `token`.
    public static func epollAdd(_ epfd: Int32, fd: Int32, token: UInt64, edgeTriggered: Bool = false) throws(SyscallError) {
        _ = try retrying("epoll_ctl") { csb_epoll_add_token(epfd, fd, token, edgeTriggered ? 1 : 0) }
    }

    /// Waits for up to `capacity` (at most 256) ready descriptors; writes their tokens; 0 on timeout.
    @inline(__always)
    public static func epollWait(_ epfd: Int32, tokens: UnsafeMutablePointer<UInt64>, capacity: Int32, timeoutMilliseconds: Int32) throws(SyscallError) -> Int {
        Int(try retrying("epoll_wait") { csb_epoll_wait_tokens(epfd, tokens, capacity, timeoutMilliseconds) })
    }

    /// Raises RLIMIT_NOFILE's soft limit towards `wanted` (never past the hard limit); returns both.
    public static func raiseOpenFiles(to wanted: Int) throws(SyscallError) -> (soft: Int, hard: Int) {
        var soft: UInt64 = 0
        var hard: UInt64 = 0
        _ = try retrying("setrlimit") { csb_raise_open_files(UInt64(wanted), &soft, &hard) }
        return (Int(clamping: soft), Int(clamping: hard))
    }
}

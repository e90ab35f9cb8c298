import CSockBench
import Glibc

/// The kernel knobs of issue #28 a worker sets on its data socket after setup: SO_BUSY_POLL on a
/// socket that receives, SO_KEEPALIVE and its three TCP timers, SO_ZEROCOPY on a zero-copy sender.
/// Each is read back into the result, so every row says what the kernel granted.
public enum SocketKnobs {
    /// SO_BUSY_POLL (µs): a blocking receive spins on the device's NAPI queue this long before
    /// sleeping. Ping-pong sockets both receive; a stream's receiver is the server. A refusal is
    /// recorded (`knobs.busyPollRefusal`), not thrown: whether the kernel takes it is part of the answer.
    public static func applyBusyPoll(_ fd: Int32, job: WorkerJob, result: inout WorkerResult) throws(SyscallError) {
        guard let microseconds = job.busyPollMicroseconds, job.role == .server || job.pattern != .stream else { return }
        do {
            try Sys.setsockopt(fd, level: SOL_SOCKET, name: SO_BUSY_POLL, value: Int32(clamping: microseconds), detail: "SO_BUSY_POLL")
        } catch {
            result.knobs.busyPollRefusal = error.errno.name
            return
        }
        result.knobs.busyPollEffectiveMicroseconds = Int(try Sys.getsockopt(fd, level: SOL_SOCKET, name: SO_BUSY_POLL, detail: "SO_BUSY_POLL"))
    }

    /// SO_KEEPALIVE on, with the timers `keepAlive` names; reads back what the socket holds.
    public static func applyKeepAlive(_ fd: Int32, job: WorkerJob, result: inout WorkerResult) throws(SyscallError) {
        guard let keepAlive = job.keepAlive else { return }
        try Sys.setsockopt(fd, level: SOL_SOCKET, name: SO_KEEPALIVE, value: 1, detail: "SO_KEEPALIVE")
        let tcp = Int32(IPPROTO_TCP)
        if let idle = keepAlive.idleSeconds { try Sys.setsockopt(fd, level: tcp, name: TCP_KEEPIDLE, value: Int32(clamping: idle), detail: "TCP_KEEPIDLE") }
        if let interval = keepAlive.intervalSeconds { try Sys.setsockopt(fd, level: tcp, name: TCP_KEEPINTVL, value: Int32(clamping: interval), detail: "TCP_KEEPINTVL") }
        if let count = keepAlive.count { try Sys.setsockopt(fd, level: tcp, name: TCP_KEEPCNT, value: Int32(clamping: count), detail: "TCP_KEEPCNT") }
        result.knobs.keepAliveEffective = try readKeepAlive(fd)
    }

    /// The keepalive timers a TCP socket holds, or nil when SO_KEEPALIVE is off.
    public static func readKeepAlive(_ fd: Int32) throws(SyscallError) -> KeepAlive? {
        guard try Sys.getsockopt(fd, level: SOL_SOCKET, name: SO_KEEPALIVE, detail: "SO_KEEPALIVE") != 0 else { return nil }
        let tcp = Int32(IPPROTO_TCP)
        return KeepAlive(
            idleSeconds: Int(try Sys.getsockopt(fd, level: tcp, name: TCP_KEEPIDLE, detail: "TCP_KEEPIDLE")),
            intervalSeconds: Int(try Sys.getsockopt(fd, level: tcp, name: TCP_KEEPINTVL, detail: "TCP_KEEPINTVL")),
            count: Int(try Sys.getsockopt(fd, level: tcp, name: TCP_KEEPCNT, detail: "TCP_KEEPCNT"))
        )
    }

    /// SO_ZEROCOPY on a zero-copy stream sender: without it the kernel ignores MSG_ZEROCOPY.
    public static func applyZeroCopy(_ fd: Int32, job: WorkerJob) throws(SyscallError) {
        guard job.zeroCopy, job.role == .client else { return }
        try Sys.setsockopt(fd, level: SOL_SOCKET, name: SO_ZEROCOPY, value: 1, detail: "SO_ZEROCOPY")
    }

    /// Every knob the job names, on the connected data socket.
    public static func apply(_ fd: Int32, job: WorkerJob, result: inout WorkerResult) throws(SyscallError) {
        try applyBusyPoll(fd, job: job, result: &result)
        try applyKeepAlive(fd, job: job, result: &result)
        try applyZeroCopy(fd, job: job)
    }
}

extension Sys {
    /// One zero-copy notification from the error queue, without waiting: the inclusive range of
    /// send numbers now complete and whether the kernel copied them anyway; nil when the queue is
    /// empty. A message that is not a zero-copy notification reads as an empty range (first > last).
    @inline(__always)
    public static func reapZeroCopy(_ fd: Int32) throws(SyscallError) -> (first: UInt32, last: UInt32, copied: Bool)? {
        var first: UInt32 = 1
        var last: UInt32 = 0
        var copied: Int32 = 0
        guard try nonBlocking("recvmsg", { csb_zerocopy_reap(fd, &first, &last, &copied) }) != nil else { return nil }
        return (first, last, copied != 0)
    }
}

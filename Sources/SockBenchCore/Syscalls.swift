import CSockBench
import Glibc

/// The one door through which sockbench makes system calls.
///
/// Every wrapper retries on EINTR and turns `-1` + errno into a thrown `SyscallError` naming the
/// call. Callers never read errno. Wrappers that can legitimately say "would block" return that as
/// nil instead of throwing.
public enum Sys {
    /// Runs `body` until it does not fail with EINTR, and throws any other failure as a
    /// `SyscallError` naming `call` and what it was doing (`detail`: a path, an address, an option;
    /// evaluated only on failure). With `wouldBlockIsResult`, EAGAIN/EWOULDBLOCK is not thrown but
    /// returned as nil. The one retry loop: `retrying` and `nonBlocking` are its two faces.
    ///
    /// The send and recv of every measured message come through here: the success path returns
    /// the result as it is, with no sentinel for `nonBlocking` to test again.
    @inline(__always)
    @usableFromInline
    static func attempt<T: FixedWidthInteger>(
        _ call: StaticString, detail: @autoclosure () -> String?, wouldBlockIsResult: Bool, _ body: () -> T
    ) throws(SyscallError) -> T? {
        while true {
            let result = body()
            if result != -1 { return result }
            switch failure(call, detail: detail(), wouldBlockIsResult: wouldBlockIsResult) {
            case .interrupted: continue
            case .wouldBlock: return nil
            case .failed(let error): throw error
            }
        }
    }

    /// What a -1 meant.
    @usableFromInline
    enum Failure {
        case interrupted
        case wouldBlock
        case failed(SyscallError)
    }

    /// What `attempt` does after a -1, out of line so that the success test is all a measured loop
    /// holds of it: EINTR, "would block" (only with `wouldBlockIsResult`), or the error to throw.
    /// It returns the error rather than throwing it: a throwing call in the loop made the optimizer
    /// shuffle the error register around every send (callgrind, 4 instructions per message).
    @inline(never)
    @usableFromInline
    static func failure(_ call: StaticString, detail: @autoclosure () -> String?, wouldBlockIsResult: Bool) -> Failure {
        let code = csb_errno()
        if code == EINTR { return .interrupted }
        if wouldBlockIsResult && (code == EAGAIN || code == EWOULDBLOCK) { return .wouldBlock }
        return .failed(SyscallError(call: String(describing: call), errno: Errno(rawValue: code), detail: detail()))
    }

    /// `attempt` for calls that must not say "would block": EAGAIN is thrown like any other errno.
    @inline(__always)
    @usableFromInline
    static func retrying<T: FixedWidthInteger>(
        _ call: StaticString, detail: @autoclosure () -> String? = nil, _ body: () -> T
    ) throws(SyscallError) -> T {
        // Never nil: without wouldBlockIsResult every failure throws.
        try attempt(call, detail: detail(), wouldBlockIsResult: false, body)!
    }

    /// `attempt` for calls on descriptors that may be non-blocking: nil when the call would block.
    @inline(__always)
    @usableFromInline
    static func nonBlocking<T: FixedWidthInteger>(_ call: StaticString, _ body: () -> T) throws(SyscallError) -> T? {
        try attempt(call, detail: nil, wouldBlockIsResult: true, body)
    }

    public static func socket(domain: Int32, type: Int32) throws(SyscallError) -> Int32 {
        try retrying("socket") { Glibc.socket(domain, type | Int32(SOCK_CLOEXEC.rawValue), 0) }
    }

    public static func bind(
        _ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t, detail: @autoclosure () -> String? = nil
    ) throws(SyscallError) {
        _ = try retrying("bind", detail: detail()) { Glibc.bind(fd, address, length) }
    }

    public static func listen(_ fd: Int32, backlog: Int32) throws(SyscallError) {
        _ = try retrying("listen") { Glibc.listen(fd, backlog) }
    }

    /// Returns nil when a non-blocking listener has no pending connection.
    public static func accept(_ fd: Int32) throws(SyscallError) -> Int32? {
        try nonBlocking("accept") { csb_accept_cloexec(fd) }
    }

    public static func connect(
        _ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t, detail: @autoclosure () -> String? = nil
    ) throws(SyscallError) {
        _ = try retrying("connect", detail: detail()) { Glibc.connect(fd, address, length) }
    }

    @inline(__always)
    public static func send(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, flags: Int32 = 0) throws(SyscallError) -> Int? {
        try nonBlocking("send") { Glibc.send(fd, buffer, count, flags | Int32(MSG_NOSIGNAL)) }
    }

    /// writev of `count` pieces (`--split-write writev`: header and body in one call); nil when it would block.
    @inline(__always)
    public static func writev(_ fd: Int32, _ pieces: UnsafePointer<iovec>, count: Int32) throws(SyscallError) -> Int? {
        try nonBlocking("writev") { Glibc.writev(fd, pieces, count) }
    }

    @inline(__always)
    public static func recv(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, flags: Int32 = 0) throws(SyscallError) -> Int? {
        try nonBlocking("recv") { Glibc.recv(fd, buffer, count, flags) }
    }

    /// recvfrom: one datagram and its source address (`length` in: the storage's size, out: the
    /// address's); nil when nothing is queued on a non-blocking socket.
    @inline(__always)
    public static func recvfrom(
        _ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ address: UnsafeMutablePointer<sockaddr>,
        _ length: UnsafeMutablePointer<socklen_t>
    ) throws(SyscallError) -> Int? {
        try nonBlocking("recvfrom") { Glibc.recvfrom(fd, buffer, count, 0, address, length) }
    }

    /// sendto: one datagram to `address`; nil when the socket would block.
    @inline(__always)
    public static func sendto(
        _ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, _ address: UnsafePointer<sockaddr>, _ length: socklen_t
    ) throws(SyscallError) -> Int? {
        try nonBlocking("sendto") { Glibc.sendto(fd, buffer, count, Int32(MSG_NOSIGNAL), address, length) }
    }

    /// sendmmsg of messages first..<first+count of `batch`; nil when the socket would block.
    @inline(__always)
    public static func sendmmsg(_ fd: Int32, _ batch: OpaquePointer, first: Int, count: Int) throws(SyscallError) -> Int? {
        try nonBlocking("sendmmsg") { Int(csb_sendmmsg(fd, batch, UInt32(first), UInt32(count))) }
    }

    /// recvmmsg of up to `count` messages into `batch`, waiting only for the first; nil when it would block.
    @inline(__always)
    public static func recvmmsg(_ fd: Int32, _ batch: OpaquePointer, count: Int) throws(SyscallError) -> Int? {
        try nonBlocking("recvmmsg") { Int(csb_recvmmsg(fd, batch, UInt32(count))) }
    }

    /// `detail` names the option in an error (`SO_SNDBUF=4096`).
    public static func setsockopt(_ fd: Int32, level: Int32, name: Int32, value: Int32, detail: @autoclosure () -> String? = nil) throws(SyscallError) {
        var value = value
        _ = try retrying("setsockopt", detail: detail()) {
            Glibc.setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    public static func getsockopt(_ fd: Int32, level: Int32, name: Int32, detail: @autoclosure () -> String? = nil) throws(SyscallError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try retrying("getsockopt", detail: detail()) { Glibc.getsockopt(fd, level, name, &value, &length) }
        return value
    }

    public static func setTimeoutOption(_ fd: Int32, name: Int32, nanoseconds: UInt64) throws(SyscallError) {
        var tv = timeval(tv_sec: Int(nanoseconds / 1_000_000_000), tv_usec: Int((nanoseconds % 1_000_000_000) / 1000))
        _ = try retrying("setsockopt") {
            Glibc.setsockopt(fd, SOL_SOCKET, name, &tv, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    public static func getsockname(
        _ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>, _ length: UnsafeMutablePointer<socklen_t>
    ) throws(SyscallError) {
        _ = try retrying("getsockname") { Glibc.getsockname(fd, address, length) }
    }

    public static func shutdown(_ fd: Int32, how: Int32) throws(SyscallError) {
        _ = try retrying("shutdown") { Glibc.shutdown(fd, how) }
    }

    /// Number of ready descriptors; 0 on timeout. `timeoutMilliseconds` -1 waits forever.
    public static func poll(_ fds: UnsafeMutablePointer<pollfd>, count: Int, timeoutMilliseconds: Int32) throws(SyscallError) -> Int32 {
        try retrying("poll") { Glibc.poll(fds, nfds_t(count), timeoutMilliseconds) }
    }

    public static func pollOne(_ fd: Int32, events: Int16, timeoutMilliseconds: Int32) throws(SyscallError) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        return try poll(&entry, count: 1, timeoutMilliseconds: timeoutMilliseconds) > 0
    }

    public static func epollCreate() throws(SyscallError) -> Int32 {
        try retrying("epoll_create1") { csb_epoll_create() }
    }

    /// Registers (or, with `modify`, re-registers) `fd` for readability or writability,
    /// level-triggered or, with `edgeTriggered`, edge-triggered (EPOLLET).
    public static func epollWatch(_ epfd: Int32, fd: Int32, writable: Bool, modify: Bool, edgeTriggered: Bool = false) throws(SyscallError) {
        let edge: Int32 = edgeTriggered ? 1 : 0
        _ = try retrying("epoll_ctl") {
            modify ? csb_epoll_modify(epfd, fd, writable ? 1 : 0, edge) : csb_epoll_add(epfd, fd, writable ? 1 : 0, edge)
        }
    }

    /// Number of ready descriptors; 0 on timeout.
    @inline(__always)
    public static func epollWait(_ epfd: Int32, timeoutMilliseconds: Int32) throws(SyscallError) -> Int32 {
        try retrying("epoll_wait") { csb_epoll_wait_one(epfd, timeoutMilliseconds) }
    }

    public static func setNonBlocking(_ fd: Int32, _ enabled: Bool) throws(SyscallError) {
        let flags = try retrying("fcntl") { fcntl(fd, F_GETFL) }
        let wanted = enabled ? flags | O_NONBLOCK : flags & ~O_NONBLOCK
        _ = try retrying("fcntl") { fcntl(fd, F_SETFL, wanted) }
    }

    /// Closes `fd` once. Never retried: on Linux the descriptor is gone even when close reports EINTR.
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    public static func unlink(_ path: String) throws(SyscallError) {
        _ = try retrying("unlink", detail: path) { Glibc.unlink(path) }
    }

    public static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) throws(SyscallError) -> Int? {
        try nonBlocking("read") { Glibc.read(fd, buffer, count) }
    }

    public static func pipe() throws(SyscallError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        _ = try retrying("pipe2") { csb_pipe_cloexec(&fds) }
        return (fds[0], fds[1])
    }

    public static func makeTemporaryDirectory(template: String) throws(SyscallError) -> String {
        var bytes = Array(template.utf8CString)
        _ = try retrying("mkdtemp", detail: template) {
            bytes.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) } == nil ? -1 : 0
        }
        return String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func removeDirectory(_ path: String) throws(SyscallError) {
        _ = try retrying("rmdir", detail: path) { rmdir(path) }
    }

    public static func pinToCPU(_ cpu: Int) throws(SyscallError) {
        _ = try retrying("sched_setaffinity", detail: "cpu \(cpu)") { csb_pin_to_cpu(Int32(cpu)) }
    }

    /// The CPUs this process may run on, lowest first: its affinity mask, as `taskset` or a cpuset
    /// leaves it, not the machine's core count. The one source of "how many cores" and "which".
    public static func usableCPUs() -> [Int] {
        // A cpu_set_t holds 1024 CPUs; sched_getaffinity of this process with it cannot fail.
        var cpus = [Int32](repeating: 0, count: 1024)
        let count = Int(csb_allowed_cpus(&cpus, Int32(cpus.count)))
        precondition(count > 0, "sched_getaffinity failed: errno \(csb_errno())")
        return cpus.prefix(count).map(Int.init)
    }

    /// Remembers the process's affinity mask (once), so `unpin()` can return to it.
    public static func rememberAffinity() throws(SyscallError) {
        _ = try retrying("sched_getaffinity") { csb_remember_affinity() }
    }

    /// Undoes `pinToCPU`: back to the mask `rememberAffinity()` saw.
    public static func unpin() throws(SyscallError) {
        _ = try retrying("sched_setaffinity") { csb_restore_affinity() }
    }

    public static func setParentDeathSignal(_ signal: Int32) throws(SyscallError) {
        _ = try retrying("prctl") { csb_set_parent_death_signal(signal) }
    }
}

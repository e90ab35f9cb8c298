import Glibc

/// `--connections N`, server side: one process, one epoll loop, all N connections. It accepts as
/// connections arrive, echoes each complete request, and ends when all N have closed.
///
/// Level-triggered by default: each connection has at most one request in flight, so one recv per
/// readiness event takes all there is. `--mode epoll-et` registers the listener and every connection
/// edge-triggered (EPOLLET) and drains each event until EAGAIN, since an edge is the only news of
/// what arrived: one more recv per wake-up, which is what that mode measures.
public enum EpollServer {
    /// The listener's token; connections use their index.
    static let listenerToken = UInt64.max

    public static func run(listener: borrowing Socket, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, result: inout WorkerResult) throws(SyscallError) {
        let total = job.connections
        let size = job.sizeBytes
        let scratch = buffer.baseAddress!
        let keepsBoundaries = job.transport.keepsBoundaries
        let timeoutMilliseconds = Int32(clamping: max(1, job.idleTimeoutNanoseconds / 1_000_000))
        let edge = job.options.mode == .epollET
        // Everything per connection is allocated here, before the first message.
        let fds = UnsafeMutableBufferPointer<Int32>.allocate(capacity: total)
        let pending = UnsafeMutableBufferPointer<Int>.allocate(capacity: total)
        let tokens = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
        fds.initialize(repeating: -1)
        pending.initialize(repeating: 0)
        let epfd = try Sys.epollCreate()
        defer {
            for fd in fds where fd >= 0 { Sys.close(fd) }
            Sys.close(epfd)
            fds.deallocate()
            pending.deallocate()
            tokens.deallocate()
        }
        try listener.setNonBlocking(true)
        try Sys.epollAdd(epfd, fd: listener.fd, token: listenerToken, edgeTriggered: edge)

        var accepted = 0
        var closed = 0
        var messages = 0
        let cpuStart = CPUUsage.current()
        let start = MonotonicClock.nanoseconds()
        while closed < total {
            let ready = try Sys.epollWait(epfd, tokens: tokens, capacity: 256, timeoutMilliseconds: timeoutMilliseconds)
            if ready == 0 {
                throw SyscallError(call: "epoll_wait", errno: .timedOut, detail: "stall: no connection ready for \(timeoutMilliseconds) ms (\(accepted) of \(total) accepted, \(closed) closed)")
            }
            for index in 0..<ready {
                let token = tokens[index]
                if token == listenerToken {
                    while accepted < total, let fd = try Sys.accept(listener.fd) {
                        fds[accepted] = fd
                        try Sys.setNonBlocking(fd, true)
                        try Sys.epollAdd(epfd, fd: fd, token: UInt64(accepted), edgeTriggered: edge)
                        accepted &+= 1
                    }
                    continue
                }
                let connection = Int(truncatingIfNeeded: token)
                // Level-triggered: one recv per event; edge-triggered: until EAGAIN or the close.
                repeat {
                    let fd = fds[connection]
                    guard fd >= 0, let received = try Sys.recv(fd, scratch, size &- pending[connection]) else { break }
                    if received == 0 {
                        Sys.close(fd)  // close removes it from the epoll set
                        fds[connection] = -1
                        closed &+= 1
                        break
                    }
                    pending[connection] &+= received
                    if keepsBoundaries || pending[connection] == size {
                        pending[connection] = 0
                        try sendWhole(fd, scratch, size)
                        messages &+= 1
                    }
                } while edge
            }
        }
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = MonotonicClock.nanoseconds() &- start
        result.messages = messages
    }

    /// One send of a whole message on a non-blocking socket. With one message in flight per
    /// connection the send buffer is empty, so "would block" means the peer stopped reading.
    @inline(__always)
    static func sendWhole(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) throws(SyscallError) {
        var offset = 0
        while offset < count {
            guard let sent = try Sys.send(fd, buffer + offset, count &- offset) else {
                guard try Sys.pollOne(fd, events: Int16(POLLOUT), timeoutMilliseconds: 1000) else {
                    throw SyscallError(call: "send", errno: .timedOut, detail: "stall: the peer took nothing for 1 s")
                }
                continue
            }
            offset &+= sent
        }
    }
}

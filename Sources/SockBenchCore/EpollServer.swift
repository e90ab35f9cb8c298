import Glibc

/// `--connections N`, server side: each thread of the server process (`--threads`, default one)
/// runs one epoll loop over its connections, echoes each complete request, and ends when all N
/// connections of the server have closed.
///
/// Level-triggered by default: each connection has at most one request in flight, so one recv per
/// readiness event takes all there is. `--mode epoll-et` registers the listener and every connection
/// edge-triggered (EPOLLET) and drains each event until EAGAIN, since an edge is the only news of
/// what arrived: one more recv per wake-up, which is what that mode measures.
///
/// Who accepts: a thread with a listener of its own (TCP with SO_REUSEPORT: the kernel chose the
/// listener) keeps what it accepts; AF_UNIX has no SO_REUSEPORT, so thread 0 holds the only
/// listener and hands connection i to thread i mod T (`roundRobin`).
public enum EpollServer {
    /// The listener's token. A connection's is its index (high 32 bits) and its descriptor (low 32),
    /// so a thread handed a connection needs nothing from the thread that accepted it.
    static let listenerToken = UInt64.max

    public static func serve(
        thread: Int, listener: Int32?, roundRobin: Bool, state: ServerThreadsState, job: WorkerJob
    ) throws(SyscallError) -> ThreadTally {
        let total = state.total
        let size = job.sizeBytes
        let keepsBoundaries = job.transport.keepsBoundaries
        let timeoutMilliseconds = Int32(clamping: max(1, job.idleTimeoutNanoseconds / 1_000_000))
        // Several threads: wake up now and then to see whether the others ended the run.
        let slice = state.threads > 1 ? min(timeoutMilliseconds, 20) : timeoutMilliseconds
        let epfd = state.epolls[thread]
        let edge = job.options.mode == .epollET
        // Everything per connection is allocated here, before the first message.
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(size, WorkerJob.sequenceHeaderBytes), alignment: 64)
        let pending = UnsafeMutableBufferPointer<Int>.allocate(capacity: total)
        let tokens = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
        pending.initialize(repeating: 0)
        defer {
            scratch.deallocate()
            pending.deallocate()
            tokens.deallocate()
        }
        if let listener { try Sys.epollAdd(epfd, fd: listener, token: listenerToken, edgeTriggered: edge) }

        var idle: Int32 = 0
        var tally = EchoTally()
        while state.endedCount < total {
            let ready = try Sys.epollWait(epfd, tokens: tokens, capacity: 256, timeoutMilliseconds: slice)
            if ready == 0 {
                if state.endedCount >= total { break }
                idle &+= slice
                // A thread that has served nothing may have no connection at all (SO_REUSEPORT's hash
                // gave it none): it waits for the others to end the run, not for its own traffic.
                guard idle >= timeoutMilliseconds, state.threads == 1 || tally.messages > 0 else { continue }
                throw SyscallError(call: "epoll_wait", errno: .timedOut, detail: "stall: no connection ready for \(timeoutMilliseconds) ms (\(state.acceptedCount) of \(total) accepted, \(state.endedCount) closed)")
            }
            idle = 0
            for index in 0..<ready {
                let token = tokens[index]
                if token == listenerToken, let listener {
                    try acceptAll(listener, thread: thread, roundRobin: roundRobin, edge: edge, state: state)
                    continue
                }
                let connection = Int(truncatingIfNeeded: token >> 32)
                let fd = Int32(truncatingIfNeeded: token & 0xFFFF_FFFF)
                // Level-triggered: one recv per event; edge-triggered: until EAGAIN or the close.
                repeat {
                    guard let received = try Sys.recv(fd, scratch, size &- pending[connection]) else { break }
                    if received == 0 {
                        state.forget(at: connection)
                        Sys.close(fd)  // close removes it from the epoll set
                        state.end()
                        tally.ended()
                        break
                    }
                    pending[connection] &+= received
                    if keepsBoundaries || pending[connection] == size {
                        pending[connection] = 0
                        try sendWhole(fd, scratch, size)
                        tally.echoed()
                    }
                } while edge
            }
        }
        return tally.tally(thread: thread, job: job)
    }

    /// Accepts every pending connection and registers each with its thread's epoll set: this
    /// thread's, or with `roundRobin` connection i's thread, i mod T.
    static func acceptAll(_ listener: Int32, thread: Int, roundRobin: Bool, edge: Bool, state: ServerThreadsState) throws(SyscallError) {
        while let fd = try Sys.accept(listener) {
            let index = state.nextIndex()
            guard index < state.total else {
                Sys.close(fd)
                throw SyscallError(call: "accept", errno: .connectionRefused, detail: "a connection beyond the \(state.total) expected")
            }
            state.remember(fd, at: index)
            try Sys.setNonBlocking(fd, true)
            let owner = roundRobin ? index % state.threads : thread
            try Sys.epollAdd(state.epolls[owner], fd: fd, token: UInt64(index) << 32 | UInt64(UInt32(bitPattern: fd)), edgeTriggered: edge)
        }
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

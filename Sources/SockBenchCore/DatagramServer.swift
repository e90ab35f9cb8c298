import Glibc

/// `--connections N` on a datagram transport, server side: one bound socket per server thread receives
/// the requests of its client sockets and replies to each request's source address. It ends when every client
/// socket has sent its zero-length end datagram, or, since UDP may drop some of those, one idle
/// timeout after the first of them.
public enum DatagramServer {
    /// One server thread on its own socket `fd` (`--threads` on UDP: SO_REUSEPORT sockets of one
    /// port, the kernel keeping each client socket on one of them). The end datagrams are counted
    /// across threads in `state`.
    public static func serve(thread: Int, fd: Int32, state: ServerThreadsState, job: WorkerJob) throws(SyscallError) -> ThreadTally {
        let total = state.total
        let size = job.sizeBytes
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(size, WorkerJob.sequenceHeaderBytes), alignment: 64)
        defer { scratch.deallocate() }
        let idleMilliseconds = Int32(clamping: max(1, job.idleTimeoutNanoseconds / 1_000_000))
        // Clients give up on a lost echo after one idle timeout and then end; before the first end
        // datagram the server waits twice that, so a client's give-up is not mistaken for a stall.
        let stallMilliseconds = idleMilliseconds.multipliedReportingOverflow(by: 2).overflow ? Int32.max : idleMilliseconds * 2
        // Several threads: wake up now and then to see whether the others ended the run.
        let slice = state.threads > 1 ? min(idleMilliseconds, 20) : Int32.max
        try Sys.setNonBlocking(fd, true)
        var peer = DatagramPeer()
        var waited: Int32 = 0
        var tally = EchoTally()
        while state.endedCount < total {
            guard let received = try peer.receive(fd, scratch, size) else {
                let ended = state.endedCount
                if ended >= total { break }
                let limit = ended > 0 ? idleMilliseconds : stallMilliseconds
                let wait = min(slice, max(1, limit &- waited))
                if try Sys.pollOne(fd, events: Int16(POLLIN), timeoutMilliseconds: wait) { continue }
                waited &+= wait
                guard waited >= limit else { continue }
                if ended > 0 { break }  // the other end datagrams were lost
                // A thread that has served nothing may have no client socket at all (SO_REUSEPORT's
                // hash gave it none): it waits for the others' end datagrams, not for its own traffic.
                if state.threads > 1 && tally.messages == 0 {
                    waited = 0
                    continue
                }
                throw SyscallError(call: "poll", errno: .timedOut, detail: "stall: no datagram from any of \(total) client sockets for \(stallMilliseconds) ms")
            }
            waited = 0
            if received == 0 {
                state.end()
                tally.ended()
                continue
            }
            // A reply that could not go is a lost datagram for its client, which counts it.
            if try reply(&peer, fd, scratch, received) {
                tally.echoed()
            }
        }
        return tally.tally(thread: thread, job: job)
    }

    /// Sends the echo; false when it could not go (a full queue, or a client socket that already gave
    /// up and went away): for the client that is a lost datagram, which it counts.
    @inline(__always)
    static func reply(_ peer: inout DatagramPeer, _ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) throws(SyscallError) -> Bool {
        do {
            return try peer.reply(fd, buffer, count) != nil
        } catch {
            if error.errno == .connectionRefused || error.errno == .noSuchFile { return false }
            throw error
        }
    }
}

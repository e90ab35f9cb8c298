import Glibc

/// `--connections N` on a datagram transport, server side: one bound socket receives the requests
/// of all N client sockets and replies to each request's source address. It ends when every client
/// socket has sent its zero-length end datagram, or, since UDP may drop some of those, one idle
/// timeout after the first of them.
public enum DatagramServer {
    public static func run(socket: borrowing Socket, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, result: inout WorkerResult) throws(SyscallError) {
        let total = job.connections
        let size = job.sizeBytes
        let scratch = buffer.baseAddress!
        let fd = socket.fd
        let idleMilliseconds = Int32(clamping: max(1, job.idleTimeoutNanoseconds / 1_000_000))
        // Clients give up on a lost echo after one idle timeout and then end; before the first end
        // datagram the server waits twice that, so a client's give-up is not mistaken for a stall.
        let stallMilliseconds = idleMilliseconds.multipliedReportingOverflow(by: 2).overflow ? Int32.max : idleMilliseconds * 2
        try socket.setNonBlocking(true)
        var peer = DatagramPeer()
        var ended = 0
        var messages = 0
        let cpuStart = CPUUsage.current()
        let start = MonotonicClock.nanoseconds()
        while ended < total {
            guard let received = try peer.receive(fd, scratch, size) else {
                if try Sys.pollOne(fd, events: Int16(POLLIN), timeoutMilliseconds: ended > 0 ? idleMilliseconds : stallMilliseconds) { continue }
                if ended > 0 { break }  // the other end datagrams were lost
                throw SyscallError(call: "poll", errno: .timedOut, detail: "stall: no datagram from any of \(total) client sockets for \(stallMilliseconds) ms")
            }
            if received == 0 {
                ended &+= 1
                continue
            }
            // A reply that could not go is a lost datagram for its client, which counts it.
            if try reply(&peer, fd, scratch, received) { messages &+= 1 }
        }
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = MonotonicClock.nanoseconds() &- start
        result.messages = messages
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

import Glibc

/// One worker's two ends of the pipe transport: it reads one pipe and writes the other.
///
/// The server makes both pipes (client→server "up", server→client "down") and keeps the client's
/// ends open until the client has opened them again through `/proc/PID/fd` (`Endpoint.descriptors`);
/// then `releasePeerEnds()` closes the server's copies, so each pipe has one reader and one writer
/// and a closed write end reads as end of file. Closes every descriptor it holds exactly once.
public final class PipeEnds {
    public let readFD: Int32
    public private(set) var writeFD: Int32
    /// Server only: the client's ends (up's write end, down's read end) until the client holds them.
    private var peerEnds: [Int32]

    private init(read: Int32, write: Int32, peerEnds: [Int32]) {
        self.readFD = read
        self.writeFD = write
        self.peerEnds = peerEnds
    }

    deinit {
        Sys.close(readFD)
        if writeFD >= 0 { Sys.close(writeFD) }
        for fd in peerEnds { Sys.close(fd) }
    }

    /// The server's ends of two new pipes, each of `bytes` capacity when set (F_SETPIPE_SZ).
    public static func server(pipeBytes bytes: Int?) throws(SyscallError) -> PipeEnds {
        let up = try Sys.pipe()
        let down: (read: Int32, write: Int32)
        do { down = try Sys.pipe() } catch {
            Sys.close(up.read)
            Sys.close(up.write)
            throw error
        }
        let ends = PipeEnds(read: up.read, write: down.write, peerEnds: [up.write, down.read])
        if let bytes {
            try Sys.setPipeSize(up.read, bytes: bytes)
            try Sys.setPipeSize(down.write, bytes: bytes)
        }
        return ends
    }

    /// Where the client finds its ends: this process's up write end and down read end.
    public var endpoint: Endpoint { .descriptors(pid: getpid(), fds: peerEnds) }

    /// The client's ends, opened again from the server's descriptors (same host, same user).
    public static func client(of server: Endpoint) throws(SyscallError) -> PipeEnds {
        guard case .descriptors(let pid, let fds) = server, fds.count == 2 else {
            throw SyscallError(call: "open", errno: Errno(rawValue: EINVAL), detail: "pipe endpoint \(server)")
        }
        // Non-blocking opens never wait for the other end (the server holds both ends of each pipe);
        // Channel sets the mode afterwards.
        let write = try Sys.open("/proc/\(pid)/fd/\(fds[0])", flags: O_WRONLY | O_NONBLOCK)
        let read: Int32
        do { read = try Sys.open("/proc/\(pid)/fd/\(fds[1])", flags: O_RDONLY | O_NONBLOCK) } catch {
            Sys.close(write)
            throw error
        }
        return PipeEnds(read: read, write: write, peerEnds: [])
    }

    /// Server: closes its copies of the client's ends, once the client has opened them.
    public func releasePeerEnds() {
        for fd in peerEnds { Sys.close(fd) }
        peerEnds = []
    }

    /// Closes the write end: the peer reads end of file once it has read what is in the pipe.
    public func closeWrite() {
        guard writeFD >= 0 else { return }
        Sys.close(writeFD)
        writeFD = -1
    }

    /// The capacities of the pipe this end writes and the one it reads (F_GETPIPE_SZ).
    public func effectiveBuffers() throws(SyscallError) -> EffectiveBuffers {
        EffectiveBuffers(sendBufferBytes: try Sys.pipeSize(writeFD), receiveBufferBytes: try Sys.pipeSize(readFD))
    }
}

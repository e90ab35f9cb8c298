import Glibc

/// A `--threads` TCP or UDP server's sockets beside its first one: bound to the same address and
/// port with SO_REUSEPORT (and listening, for TCP), one per further thread. Owns the descriptors.
public struct SiblingSockets: ~Copyable {
    public let fds: [Int32]

    /// No siblings: one thread, or a transport that has no SO_REUSEPORT.
    public init() { fds = [] }

    /// `count` sockets bound like `endpoint` (the first socket's, carrying its port), which must
    /// itself have been bound with SO_REUSEPORT.
    public init(count: Int, like endpoint: Endpoint, job: WorkerJob) throws(SyscallError) {
        var made: [Int32] = []
        do throws(SyscallError) {
            for _ in 0..<count {
                let fd = try Sys.socket(domain: job.transport.family, type: job.transport.socketType)
                made.append(fd)
                try Socket.apply(job.options, to: fd, transport: job.transport)
                try Sys.setsockopt(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1, detail: "SO_REUSEADDR=1")
                try Sys.setsockopt(fd, level: SOL_SOCKET, name: SO_REUSEPORT, value: 1, detail: "SO_REUSEPORT=1")
                try endpoint.withSocketAddress(for: "bind") { address, length throws(SyscallError) in
                    try Sys.bind(fd, address, length, detail: endpoint.description)
                }
                if job.transport.isConnectionOriented { try Sys.listen(fd, backlog: Int32(clamping: max(16, job.connections))) }
            }
        } catch {
            for fd in made { Sys.close(fd) }
            throw error
        }
        fds = made
    }

    deinit { for fd in fds { Sys.close(fd) } }
}

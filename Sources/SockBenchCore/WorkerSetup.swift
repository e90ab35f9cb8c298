import Glibc

/// A worker's end after setup, before the run: a socket bound (and listening) for a server, bound
/// and connected for a client; the pipe ends or the mapped ring of the pipe and shm transports.
public struct PreparedEnd: ~Copyable {
    fileprivate var conduit: Conduit
    /// A `--threads` TCP or UDP server's further sockets on the same port (SO_REUSEPORT).
    fileprivate var siblings = SiblingSockets()
    /// Where the peer reaches this end.
    public let endpoint: Endpoint
    fileprivate let job: WorkerJob
}

/// What a prepared end holds, by transport.
private enum Conduit: ~Copyable {
    case socket(Socket)
    case pipes(PipeEnds)
    case ring(SharedRing)
}

/// Builds the sockets of a pair and runs the pattern's loop on them.
public enum WorkerSetup {
    /// Server: creates the socket, applies options, binds (port 0 or a path in the private
    /// directory) and listens. The kernel's port is in the returned endpoint.
    public static func prepareServer(_ job: WorkerJob) throws(SyscallError) -> PreparedEnd {
        switch job.transport {
        case .pipe:
            let pipes = try PipeEnds.server(pipeBytes: job.options.sendBufferBytes)
            return PreparedEnd(conduit: .pipes(pipes), endpoint: pipes.endpoint, job: job)
        case .shm:
            let ring = try SharedRing.create(job)
            let endpoint = ring.endpoint
            return PreparedEnd(conduit: .ring(ring), endpoint: endpoint, job: job)
        default: break
        }
        var socket = try Socket(transport: job.transport)
        try socket.apply(job.options)
        // Threads of a TCP or UDP server share the port: every socket is bound before the server is
        // ready, so the kernel spreads the clients over all of them from the first connect.
        let sharesPort = job.connections > 0 && job.threads > 1 && job.transport.isInet
        if sharesPort { try socket.sharePort() }
        try socket.bind(try localEndpoint(job, name: "s"))
        if job.transport.isConnectionOriented { try socket.listen(backlog: job.connections > 0 ? Int32(clamping: job.connections) : 16) }
        let endpoint = try socket.localEndpoint()
        var end = PreparedEnd(conduit: .socket(socket), endpoint: endpoint, job: job)
        if sharesPort { end.siblings = try SiblingSockets(count: job.threads - 1, like: endpoint, job: job) }
        return end
    }

    /// Client: creates the socket, applies options, and connects to the server. Datagram clients
    /// bind first so the server can send echoes back to them.
    public static func prepareClient(_ job: WorkerJob, server: Endpoint) throws(SyscallError) -> PreparedEnd {
        switch job.transport {
        case .pipe: return PreparedEnd(conduit: .pipes(try PipeEnds.client(of: server)), endpoint: server, job: job)
        case .shm: return PreparedEnd(conduit: .ring(try SharedRing.open(server, job: job)), endpoint: server, job: job)
        default: break
        }
        var socket = try Socket(transport: job.transport)
        try socket.apply(job.options)
        // The connect pattern opens its own connection per transaction; `--connections` its own sockets.
        if job.pattern == .connect || job.connections > 0 { return PreparedEnd(conduit: .socket(socket), endpoint: server, job: job) }
        // A datagram client of a server elsewhere lets connect pick its source address and port
        // (the route decides), so the server's echoes find it; on one host it binds loopback.
        if job.transport.isDatagram, !server.isElsewhere { try socket.bind(try localEndpoint(job, name: "c")) }
        try socket.connect(server, timeoutNanoseconds: job.connectTimeoutNanoseconds)
        let endpoint = job.transport.isDatagram ? try socket.localEndpoint() : server
        return PreparedEnd(conduit: .socket(socket), endpoint: endpoint, job: job)
    }

    /// Completes the connection (server: accept, or connect back to a datagram client at `peer`),
    /// allocates the buffers, and runs the loop. Returns what the loop measured.
    public static func run(_ end: consuming PreparedEnd, peer: Endpoint?) throws(SyscallError) -> WorkerResult {
        let job = end.job
        let endpoint = end.endpoint
        let siblings = end.siblings
        switch consume end.conduit {
        case .socket(let socket):
            if job.pattern == .connect || job.connections > 0 { return try runConnect(socket, siblings: siblings, endpoint: endpoint, job: job) }
            let data: Socket
            if job.role == .server && job.transport.isConnectionOriented {
                data = try socket.accept(timeoutNanoseconds: job.idleTimeoutNanoseconds)
            } else {
                if job.role == .server, job.transport.isDatagram, let peer { try socket.connect(peer) }
                data = socket
            }
            var result = WorkerResult(role: job.role, effectiveBuffers: try data.effectiveBuffers())
            if job.transport.isTCP { result.noDelayEffective = try data.noDelay() }
            try SocketKnobs.apply(data.fd, job: job, result: &result)
            let timeout = job.options.mode == .timeout ? job.socketTimeoutNanoseconds : job.idleTimeoutNanoseconds
            var channel = try Channel(socket: data, mode: job.options.mode, idleTimeoutNanoseconds: timeout)
            try runLoop(&channel, job: job, result: &result)
            return result
        case .pipes(let pipes):
            // The client holds its ends by now (it was ready before the start): drop the server's copies.
            pipes.releasePeerEnds()
            var result = WorkerResult(role: job.role, effectiveBuffers: try pipes.effectiveBuffers())
            var channel = try Channel(pipes: pipes, mode: job.options.mode, idleTimeoutNanoseconds: job.idleTimeoutNanoseconds)
            try runLoop(&channel, job: job, result: &result)
            return result
        case .ring(let owned):
            var ring = owned
            var result = WorkerResult(role: job.role, effectiveBuffers: ring.effectiveBuffers)
            try SharedRingLoops.run(&ring, job: job, result: &result)
            return result
        }
    }

    /// Allocates the buffers and runs the pattern's loop (Swift or C) on a channel.
    private static func runLoop(_ channel: inout Channel, job: WorkerJob, result: inout WorkerResult) throws(SyscallError) {
        let buffers = MessageBuffers(capacity: max(job.sizeBytes, job.replyBytes, WorkerJob.sequenceHeaderBytes))
        defer { buffers.release() }
        let (buffer, echo) = (buffers.buffer, buffers.echo)
        if job.engine == .c {
            try ReferenceLoops.run(&channel, job: job, buffer: buffer, echo: echo, result: &result)
            return
        }
        // --size-dist: the paced loops draw their sizes themselves, the unpaced stream through its SizeTable; pingpong has loops of its own.
        let shaped = job.sizeDistribution != nil
        switch (job.pattern, job.role) {
        case (.stream, .client) where job.ratePerSecond != nil: try PacedStream.runSender(&channel, job: job, buffer: buffer, result: &result)
        case (.stream, .server) where job.ratePerSecond != nil: try PacedStream.runReceiver(&channel, job: job, buffer: buffer, result: &result)
        case (.pingpong, .client) where shaped: try ShapedPingPong.runClient(&channel, job: job, buffer: buffer, echo: echo, result: &result)
        case (.pingpong, .server) where shaped: try ShapedPingPong.runServer(&channel, job: job, buffer: buffer, result: &result)
        case (.stream, .client) where shaped: try SizeTable(job).withDraws { sizes throws(SyscallError) in try Stream.runSender(&channel, job: job, buffer: buffer, sizes: sizes, result: &result) }
        case (.stream, .server) where shaped: try SizeTable(job).withDraws { sizes throws(SyscallError) in try Stream.runReceiver(&channel, job: job, buffer: buffer, sizes: sizes, result: &result) }
        case (.pingpong, .client): try PingPong.runClient(&channel, job: job, buffer: buffer, echo: echo, result: &result)
        case (.pingpong, .server): try PingPong.runServer(&channel, job: job, buffer: buffer, result: &result)
        case (.stream, .client) where job.zeroCopy: try ZeroCopyStream.runSender(&channel, job: job, buffer: buffer, result: &result)
        case (.stream, .client) where job.batch > 1: try BatchStream.runSender(&channel, job: job, result: &result)
        case (.stream, .server) where job.batch > 1: try BatchStream.runReceiver(&channel, job: job, result: &result)
        case (.stream, .client): try Stream.runSender(&channel, job: job, buffer: buffer, sizes: FixedSize(job.sizeBytes), result: &result)
        case (.stream, .server): try Stream.runReceiver(&channel, job: job, buffer: buffer, sizes: FixedSize(job.sizeBytes), result: &result)
        case (.rr, .client): try OpenLoopRR.runClient(&channel, job: job, buffer: buffer, echo: echo, result: &result)
        case (.rr, .server): try PingPong.runServer(&channel, job: job, buffer: buffer, result: &result)
        case (.connect, _): break  // handled by runConnect
        }
    }

    /// The connect pattern (a connection per transaction) and `--connections` (one epoll server, many
    /// connections; one datagram socket, many client sockets): the server serves from its listener
    /// or its bound socket, the client opens its own connections.
    private static func runConnect(_ socket: consuming Socket, siblings: consuming SiblingSockets, endpoint: Endpoint, job: WorkerJob) throws(SyscallError) -> WorkerResult {
        var result = WorkerResult(role: job.role, effectiveBuffers: try socket.effectiveBuffers())
        let buffers = MessageBuffers(capacity: max(job.sizeBytes, WorkerJob.sequenceHeaderBytes))
        defer { buffers.release() }
        let (buffer, echo) = (buffers.buffer, buffers.echo)
        // Every connection is a descriptor: raise the soft limit (the CLI checked the hard one).
        if job.connections > 0 { _ = try Sys.raiseOpenFiles(to: job.connections + 64) }
        // ConnectionThreads runs either engine's `--connections` loops (C: ReferenceLoops+ConnectionThreads).
        if job.connections > 0 {
            if job.role == .server {
                try ConnectionThreads.serve(listener: socket, siblings: siblings, job: job, result: &result)
            } else {
                try ConnectionThreads.drive(server: endpoint, job: job, result: &result)
            }
        } else if job.engine == .c {
            let listener = job.role == .server ? socket.fd : -1
            try ReferenceLoops.runConnect(listener: listener, server: endpoint, job: job, buffer: buffer, echo: echo, result: &result)
        } else if job.role == .server {
            try ConnectLoop.runServer(listener: socket, job: job, buffer: buffer, result: &result)
        } else {
            try ConnectLoop.runClient(server: endpoint, job: job, buffer: buffer, echo: echo, result: &result)
        }
        return result
    }

    private static func localEndpoint(_ job: WorkerJob, name: String) throws(SyscallError) -> Endpoint {
        guard job.transport.isUnix else {
            let port = job.port == 0 ? 0 : job.port &+ UInt16(clamping: job.pairIndex)
            guard let address = job.bindAddress else { return .loopback(for: job.transport, port: port) }
            return try .bindable(address, transport: job.transport, port: port)
        }
        let path = "\(job.socketDirectory)/\(name)\(job.pairIndex).sock"
        // The directory is private to this run; a file here can only be left by a crashed worker.
        _ = unlink(path)
        return .unix(path: path)
    }
}

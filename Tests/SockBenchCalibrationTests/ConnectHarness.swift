import CAllocationCounter
import Glibc
@testable import SockBenchCore

/// Runs the connect pattern's two loops in this process, each on its own thread, against a real
/// listener, and counts the allocations each thread makes inside its loop.
enum ConnectHarness {
    /// `connections` > 0 runs the `--connections` loops (EpollServer or DatagramServer, EpollClients)
    /// instead, the server edge-triggered with `mode` `.epollET`; an engine of `.c` runs that side's plain-C twin (ReferenceLoops.runConnect, or ConnectionThreads with one thread).
    static func run(
        _ transport: Transport, count: Int, writes: Int = 1, connections: Int = 0, clientEngine: Engine = .swift, serverEngine: Engine = .swift,
        mode: IOMode = .blocking
    ) throws -> (client: LoopHarness.Side, server: LoopHarness.Side) {
        let directory = try LoopHarness.temporaryDirectory()
        defer {
            try? Sys.unlink("\(directory)/s.sock")
            try? Sys.removeDirectory(directory)
        }
        var listener = try Socket(transport: transport)
        try listener.bind(transport.isUnix ? .unix(path: "\(directory)/s.sock") : .loopback(for: transport))
        // A datagram server has no listener: its one bound socket receives from every client socket.
        if transport.isConnectionOriented { try listener.listen() }
        let endpoint = try listener.localEndpoint()
        func job(_ role: Role) -> WorkerJob {
            let engine = role == .client ? clientEngine : serverEngine
            var job = LoopHarness.job(role, transport, connections > 0 ? .pingpong : .connect, mode: mode, size: 64, count: count, engine: engine)
            // Both sides split, so the server's split reply is counted too.
            job.writes = writes
            job.replyWrites = writes
            job.connections = connections
            // unix-dgram client sockets bind their own paths here (and remove them).
            job.socketDirectory = directory
            return job
        }
        let server = ConnectThread(listener: listener, server: endpoint, job: job(.server))
        let client = ConnectThread(listener: nil, server: endpoint, job: job(.client))
        server.start()
        client.start()
        client.join()
        server.join()
        return (client.side, server.side)
    }
}

/// One side of the connect pattern on its own pthread; buffers are made before the count starts.
/// Its state is handed over by pthread_join: `side` is read only after `join()`.
final class ConnectThread {
    private var listener: Socket?
    private let server: Endpoint
    private let job: WorkerJob
    private var thread = pthread_t()
    private(set) var side = LoopHarness.Side()

    init(listener: consuming Socket?, server: Endpoint, job: WorkerJob) {
        self.listener = listener
        self.server = server
        self.job = job
    }

    func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { raw in
            Unmanaged<ConnectThread>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, context)
    }

    func join() { pthread_join(thread, nil) }

    private func body() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 64)
        let echo = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 64)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        echo.initializeMemory(as: UInt8.self, repeating: 0)
        defer {
            buffer.deallocate()
            echo.deallocate()
        }
        var result = WorkerResult(role: job.role, effectiveBuffers: EffectiveBuffers(sendBufferBytes: 0, receiveBufferBytes: 0))
        let listener = listener.take()
        let before = csb_thread_allocations()
        do {
            if let listener {
                if job.engine == .c && job.connections > 0 {
                    // One unpinned thread: the C server runs on this thread (connections.c's run_threads).
                    try ConnectionThreads.serve(listener: listener, siblings: SiblingSockets(), job: job, result: &result)
                } else if job.engine == .c {
                    try ReferenceLoops.runConnect(listener: listener.fd, server: server, job: job, buffer: buffer, echo: echo, result: &result)
                } else if job.connections > 0 {
                    // One server thread's loop, run on this thread so its allocations are counted here.
                    let epfd = try Sys.epollCreate()
                    let state = ServerThreadsState(total: job.connections, threads: 1, epolls: [epfd])
                    defer {
                        state.closeLeftovers()
                        Sys.close(epfd)
                    }
                    try listener.setNonBlocking(true)
                    let tally = job.transport.isDatagram
                        ? try DatagramServer.serve(thread: 0, fd: listener.fd, state: state, job: job)
                        : try EpollServer.serve(thread: 0, listener: listener.fd, roundRobin: false, state: state, job: job)
                    result.messages = tally.messages
                    result.cpu = tally.cpu
                } else {
                    try ConnectLoop.runServer(listener: listener, job: job, buffer: buffer, result: &result)
                }
            } else if job.engine == .c && job.connections > 0 {
                try ConnectionThreads.drive(server: server, job: job, result: &result)
            } else if job.engine == .c {
                try ReferenceLoops.runConnect(listener: -1, server: server, job: job, buffer: buffer, echo: echo, result: &result)
            } else if job.connections > 0 {
                try EpollClients.run(server: server, job: job, buffer: buffer, echo: echo, result: &result)
            } else {
                try ConnectLoop.runClient(server: server, job: job, buffer: buffer, echo: echo, result: &result)
            }
            side.allocations = csb_thread_allocations() - before
            side.result = result
        } catch {
            side.failure = error
        }
    }
}

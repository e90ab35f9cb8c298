import CAllocationCounter
import Glibc
@testable import SockBenchCore

/// Runs a worker's two loops in this process, each on its own thread, over a real connected socket
/// pair, and counts the allocations each thread makes inside its loop.
enum LoopHarness {
    /// Two connected sockets of one transport.
    struct Pair: ~Copyable {
        var client: Socket
        var server: Socket
    }

    /// What one side did: its result, its failure, and the allocations made inside the loop call.
    struct Side: Sendable {
        var result: WorkerResult?
        var failure: SyscallError?
        var allocations: UInt64 = 0
    }

    /// A private directory for unix socket files.
    static func temporaryDirectory() throws -> String {
        try Sys.makeTemporaryDirectory(template: "/tmp/sbcal-XXXXXX")
    }

    static func connectedPair(_ transport: Transport, directory: String) throws -> Pair {
        func endpoint(_ name: String) -> Endpoint {
            transport.isUnix ? .unix(path: "\(directory)/\(name).sock") : .loopback(for: transport)
        }
        var server = try Socket(transport: transport)
        try server.bind(endpoint("s"))
        if transport.isConnectionOriented {
            try server.listen()
            let client = try Socket(transport: transport)
            try client.connect(try server.localEndpoint())
            let accepted = try server.accept(timeoutNanoseconds: 2_000_000_000)
            return Pair(client: client, server: accepted)
        }
        var client = try Socket(transport: transport)
        try client.bind(endpoint("c"))
        try client.connect(try server.localEndpoint())
        try server.connect(try client.localEndpoint())
        return Pair(client: client, server: server)
    }

    /// A job for `count` messages with no warmup (or `extent` after `warmup`), as a coordinator would send it.
    static func job(
        _ role: Role, _ transport: Transport, _ pattern: Pattern, mode: IOMode, size: Int, count: Int, engine: Engine, replySize: Int? = nil,
        verify: Bool = false, rate: Int? = nil, warmup: UInt64 = 0, extent: Extent? = nil, sizeDistribution: SizeDistribution? = nil
    ) -> WorkerJob {
        var job = WorkerJob(
            role: role, transport: transport, pattern: pattern, sizeBytes: size, options: SocketOptions(mode: mode),
            warmupNanoseconds: warmup, extent: extent ?? .count(count), verify: verify, socketDirectory: "/tmp",
            idleTimeoutNanoseconds: 2_000_000_000, engine: engine
        )
        job.replySizeBytes = replySize
        job.ratePerSecond = rate
        job.sizeDistribution = sizeDistribution
        return job
    }

    /// Runs client and server loops of `pattern` to the end of the run; the server side may use a
    /// different engine than the client (`serverEngine`).
    static func run(
        _ transport: Transport, _ pattern: Pattern, mode: IOMode, size: Int = 64, count: Int,
        clientEngine: Engine = .swift, serverEngine: Engine = .swift, replySize: Int? = nil, verify: Bool = false, rate: Int? = nil,
        warmup: UInt64 = 0, extent: Extent? = nil, sizeDistribution: SizeDistribution? = nil
    ) throws -> (client: Side, server: Side) {
        let directory = try temporaryDirectory()
        defer {
            for name in ["s", "c"] { try? Sys.unlink("\(directory)/\(name).sock") }
            try? Sys.removeDirectory(directory)
        }
        let pair = try connectedPair(transport, directory: directory)
        let server = LoopThread(
            channel: try Channel(socket: pair.server, mode: mode, idleTimeoutNanoseconds: 2_000_000_000),
            job: job(.server, transport, pattern, mode: mode, size: size, count: count, engine: serverEngine, replySize: replySize, verify: verify, rate: rate, warmup: warmup, extent: extent, sizeDistribution: sizeDistribution)
        )
        let client = LoopThread(
            channel: try Channel(socket: pair.client, mode: mode, idleTimeoutNanoseconds: 2_000_000_000),
            job: job(.client, transport, pattern, mode: mode, size: size, count: count, engine: clientEngine, replySize: replySize, verify: verify, rate: rate, warmup: warmup, extent: extent, sizeDistribution: sizeDistribution)
        )
        server.start()
        client.start()
        client.join()
        server.join()
        return (client.side, server.side)  // the channels close with the threads' objects
    }
}

/// One loop on its own pthread. Buffers and the result are made before the allocation count starts.
/// Its state is handed over by pthread_join: `side` is read only after `join()`.
final class LoopThread {
    private var channel: Channel?
    private let job: WorkerJob
    private var thread = pthread_t()
    private(set) var side = LoopHarness.Side()

    init(channel: consuming Channel, job: WorkerJob) {
        self.channel = consume channel
        self.job = job
    }

    func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { raw in
            Unmanaged<LoopThread>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, context)
    }

    func join() { pthread_join(thread, nil) }

    private func body() {
        guard var channel = channel.take() else { return }
        let capacity = max(job.sizeBytes, job.replyBytes, WorkerJob.sequenceHeaderBytes)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        let echo = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        echo.initializeMemory(as: UInt8.self, repeating: 0)
        defer {
            buffer.deallocate()
            echo.deallocate()
        }
        var result = WorkerResult(role: job.role, effectiveBuffers: EffectiveBuffers(sendBufferBytes: 0, receiveBufferBytes: 0))
        let before = csb_thread_allocations()
        do {
            try runLoop(&channel, buffer: buffer, echo: echo, result: &result)
            side.allocations = csb_thread_allocations() - before
            side.result = result
        } catch {
            side.failure = error
        }
        // Keep the socket open until both loops are done: a datagram peer that closed early turns
        // the sender's end-of-run markers into ECONNREFUSED errors, whose timing would blur the count.
        self.channel = consume channel
    }

    /// Exactly the call WorkerSetup.run makes for this job.
    private func runLoop(
        _ channel: inout Channel, buffer: UnsafeMutableRawBufferPointer, echo: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        if job.engine == .c {
            try ReferenceLoops.run(&channel, job: job, buffer: buffer, echo: echo, result: &result)
            return
        }
        let shaped = job.sizeDistribution != nil
        switch (job.pattern, job.role) {
        case (.stream, .client) where job.ratePerSecond != nil: try PacedStream.runSender(&channel, job: job, buffer: buffer, result: &result)
        case (.stream, .server) where job.ratePerSecond != nil: try PacedStream.runReceiver(&channel, job: job, buffer: buffer, result: &result)
        case (.pingpong, .client) where shaped: try ShapedPingPong.runClient(&channel, job: job, buffer: buffer, echo: echo, result: &result)
        case (.pingpong, .server) where shaped: try ShapedPingPong.runServer(&channel, job: job, buffer: buffer, result: &result)
        case (.stream, .client) where shaped: try SizeTable(job).withDraws { sizes throws(SyscallError) in try Stream.runSender(&channel, job: job, buffer: buffer, sizes: sizes, result: &result) }
        case (.stream, .server) where shaped: try SizeTable(job).withDraws { sizes throws(SyscallError) in try Stream.runReceiver(&channel, job: job, buffer: buffer, sizes: sizes, result: &result) }
        case (.rr, .client): try OpenLoopRR.runClient(&channel, job: job, buffer: buffer, echo: echo, result: &result)
        case (.rr, .server): try PingPong.runServer(&channel, job: job, buffer: buffer, result: &result)
        case (.pingpong, .client): try PingPong.runClient(&channel, job: job, buffer: buffer, echo: echo, result: &result)
        case (.pingpong, .server): try PingPong.runServer(&channel, job: job, buffer: buffer, result: &result)
        case (.stream, .client): try Stream.runSender(&channel, job: job, buffer: buffer, sizes: FixedSize(job.sizeBytes), result: &result)
        case (.stream, .server): try Stream.runReceiver(&channel, job: job, buffer: buffer, sizes: FixedSize(job.sizeBytes), result: &result)
        case (.connect, _): break  // ConnectLoop has no channel: see ConnectHarness
        }
    }
}

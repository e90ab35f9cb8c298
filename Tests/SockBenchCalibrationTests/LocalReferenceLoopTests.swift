import Glibc
@testable import SockBenchCore
import Testing

/// The C twins of the pipe and shm loops measure what the Swift loops measure: each engine talks to
/// the other one over real pipes and a real shared ring (set up exactly as the workers do it, by
/// WorkerSetup, with both ends in this process), and their counts agree exactly.
@Suite struct LocalReferenceLoopTests {
    static let engines: [(client: Engine, server: Engine)] = [(.c, .swift), (.swift, .c), (.c, .c), (.swift, .swift)]

    static func job(_ role: Role, _ transport: Transport, _ pattern: Pattern, mode: IOMode, size: Int, count: Int, engine: Engine) -> WorkerJob {
        WorkerJob(
            role: role, transport: transport, pattern: pattern, sizeBytes: size, options: SocketOptions(sendBufferBytes: transport == .shm ? 4096 : nil, mode: mode),
            warmupNanoseconds: 0, extent: .count(count), verify: false, socketDirectory: "/tmp", idleTimeoutNanoseconds: 2_000_000_000, engine: engine
        )
    }

    /// Prepares both ends as the server and client workers would, then runs each on its own thread.
    static func run(_ transport: Transport, _ pattern: Pattern, mode: IOMode, size: Int, count: Int, engines: (client: Engine, server: Engine)) throws -> (client: EndThread, server: EndThread) {
        let server = try WorkerSetup.prepareServer(job(.server, transport, pattern, mode: mode, size: size, count: count, engine: engines.server))
        let endpoint = server.endpoint
        let client = try WorkerSetup.prepareClient(job(.client, transport, pattern, mode: mode, size: size, count: count, engine: engines.client), server: endpoint)
        let threads = (client: EndThread(client), server: EndThread(server))
        threads.server.start()
        threads.client.start()
        threads.client.join()
        threads.server.join()
        return threads
    }

    @Test(arguments: [(Transport.pipe, IOMode.blocking), (.pipe, .nonblocking), (.pipe, .epoll), (.pipe, .busyPoll), (.pipe, .ioUring), (.shm, .blocking), (.shm, .busyPoll)])
    func pingPongEnginesInteroperateAndCountAlike(transport: Transport, mode: IOMode) throws {
        for engines in Self.engines {
            let label = "\(transport) \(mode) client \(engines.client) server \(engines.server)"
            // 1000 B in a 4 KiB ring: the C and Swift indices wrap mid-message and must agree.
            let run = try Self.run(transport, .pingpong, mode: mode, size: 1000, count: 500, engines: engines)
            let client = try #require(run.client.result, "\(label): \(run.client.failure ?? "")")
            let server = try #require(run.server.result, "\(label): \(run.server.failure ?? "")")
            #expect(client.messages == 500 && server.messages == 500, "\(label)")
            #expect(client.histogram?.totalCount == 500, "\(label)")
        }
    }

    @Test(arguments: [(Transport.pipe, IOMode.blocking), (.pipe, .epoll), (.pipe, .busyPoll), (.pipe, .ioUringSQPoll), (.shm, .blocking), (.shm, .busyPoll)])
    func streamEnginesInteroperateAndCountAlike(transport: Transport, mode: IOMode) throws {
        for engines in Self.engines {
            let label = "\(transport) \(mode) sender \(engines.client) receiver \(engines.server)"
            let run = try Self.run(transport, .stream, mode: mode, size: 1000, count: 5_000, engines: engines)
            let sender = try #require(run.client.result, "\(label): \(run.client.failure ?? "")")
            let receiver = try #require(run.server.result, "\(label): \(run.server.failure ?? "")")
            #expect(sender.messages == 5_000, "\(label)")
            // The first message is the receiver's warmup boundary; the rest are measured.
            #expect(receiver.messages == 4_999, "\(label)")
        }
    }
}

import Glibc
@testable import SockBenchCore
@testable import SockBenchModel
import Testing

/// A paced sender offered far more than any socket carries (100M msg/s, 10 ns a slot) falls behind
/// at once. It must still measure what it sends in the measured window: every message the sender
/// counts, the receiver counts too, and the window is not emptied by the backlog of warmup slots.
/// Both engines, since the C loops are the Swift loops' twins.
@Suite(.serialized) struct PacedBehindTests {
    static let warmup: UInt64 = 50_000_000
    static let extent = Extent.duration(nanoseconds: 200_000_000)

    @Test(arguments: [Engine.swift, .c])
    func streamSenderBehindMeasuresWhatItSends(engine: Engine) throws {
        let run = try LoopHarness.run(
            .unix, .stream, mode: .blocking, count: 0, clientEngine: engine, serverEngine: engine,
            rate: Matrix.maximumRatePerSecond, warmup: Self.warmup, extent: Self.extent
        )
        #expect(run.client.failure == nil && run.server.failure == nil, "\(String(describing: run.client.failure ?? run.server.failure))")
        let sender = try #require(run.client.result)
        let receiver = try #require(run.server.result)
        #expect(sender.messages > 0)
        // A unix stream loses nothing: the measured window holds exactly what was sent in it.
        #expect(receiver.messages == sender.messages, "receiver measured \(receiver.messages) of the \(sender.messages) messages sent in the window")
        #expect(receiver.oneWay.map { Int($0.totalCount) } == receiver.messages)
        #expect(receiver.elapsedNanoseconds > 0 && sender.elapsedNanoseconds > 0)
    }

    @Test(arguments: [Engine.swift, .c])
    func openLoopClientBehindMeasuresWhatItSends(engine: Engine) throws {
        let run = try LoopHarness.run(
            .unix, .rr, mode: .blocking, count: 0, clientEngine: engine, serverEngine: engine,
            rate: Matrix.maximumRatePerSecond, warmup: Self.warmup, extent: Self.extent
        )
        #expect(run.client.failure == nil && run.server.failure == nil, "\(String(describing: run.client.failure ?? run.server.failure))")
        let client = try #require(run.client.result)
        let server = try #require(run.server.result)
        #expect(client.messages > 0, "no round trip measured after the warmup")
        #expect(client.histogram.map { Int($0.totalCount) } == client.messages)
        #expect(client.elapsedNanoseconds > 0)
        // The echo served warmup and measured requests alike; the client measured only some.
        #expect(server.messages >= client.messages)
    }
}

@testable import SockBenchCore
import Testing

/// The pipe and shm loops allocate nothing per message: the same run with 1 000 and with 10 000
/// messages allocates the same on each side (AllocationTests does this for the socket loops).
@Suite(.serialized) struct LocalAllocationTests {
    @Test(arguments: [(Transport.pipe, IOMode.blocking), (.pipe, .epoll), (.pipe, .busyPoll), (.shm, .blocking), (.shm, .busyPoll)], [Pattern.pingpong, .stream])
    func swiftLoopsAllocateNothingPerMessage(place: (transport: Transport, mode: IOMode), pattern: Pattern) throws {
        let (transport, mode) = place
        let engines = (client: Engine.swift, server: Engine.swift)
        _ = try LocalReferenceLoopTests.run(transport, pattern, mode: mode, size: 64, count: 100, engines: engines)
        let small = try LocalReferenceLoopTests.run(transport, pattern, mode: mode, size: 64, count: 1_000, engines: engines)
        let large = try LocalReferenceLoopTests.run(transport, pattern, mode: mode, size: 64, count: 10_000, engines: engines)
        let label = "\(transport.rawValue) \(pattern.rawValue) \(mode.rawValue)"
        for (a, b, side) in [(small.client, large.client, "client"), (small.server, large.server, "server")] {
            #expect(a.failure == nil && b.failure == nil, "\(label) \(side): \(a.failure ?? b.failure ?? "")")
            #expect(a.allocations == b.allocations, "\(label) \(side): \(a.allocations) allocations for 1 000 messages, \(b.allocations) for 10 000")
        }
        #expect(large.client.result?.messages == 10_000, "\(label)")
    }
}

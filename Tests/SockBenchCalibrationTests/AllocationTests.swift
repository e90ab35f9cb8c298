import CAllocationCounter
@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchReport
@testable import SockBenchRunner
@testable import SockBenchStats
@testable import SockBenchStore
import Testing

/// The hot loops allocate nothing per message: a test-only malloc interposer (CAllocationCounter)
/// counts this thread's allocations around each loop, for 1 000 and for 10 000 messages. Equal
/// counts mean nothing grows with N; what is left is set-up before the first message. A short
/// priming run first pays the runtime's one-time costs (metadata and conformance caches), which
/// would otherwise land on whichever test reaches a code path first.
@Suite(.serialized) struct AllocationTests {
    static let modes: [IOMode] = [.blocking, .nonblocking, .epoll, .busyPoll]
    static let transports: [Transport] = [.unix, .unixSeqpacket, .unixDgram, .tcp, .udp]

    @Test func theCounterSeesSwiftAllocationsOnThisThread() {
        let before = csb_thread_allocations()
        let array = [Int](repeating: 7, count: 1000)
        let after = csb_thread_allocations()
        #expect(array.count == 1000)
        #expect(after - before >= 1, "the interposer is not the process's malloc")
    }

    @Test(arguments: modes, [Pattern.pingpong, .stream])
    func swiftLoopsAllocateNothingPerMessage(mode: IOMode, pattern: Pattern) throws {
        for transport in Self.transports {
            _ = try LoopHarness.run(transport, pattern, mode: mode, count: 100)
            let small = try LoopHarness.run(transport, pattern, mode: mode, count: 1_000)
            let large = try LoopHarness.run(transport, pattern, mode: mode, count: 10_000)
            let label = "\(transport.rawValue) \(pattern.rawValue) \(mode.rawValue)"
            for (a, b, side) in [(small.client, large.client, "client"), (small.server, large.server, "server")] {
                #expect(a.failure == nil && b.failure == nil, "\(label) \(side): \(a.failure?.description ?? b.failure?.description ?? "")")
                #expect(a.allocations == b.allocations, "\(label) \(side): \(a.allocations) allocations for 1 000 messages, \(b.allocations) for 10 000")
                // Set-up only: the ping-pong client's counters and the histogram built from them after
                // the loop; the stream receiver's sequence window.
                let setup: UInt64 = pattern == .pingpong ? (side == "client" ? 2 : 0) : (side == "server" ? 1 : 0)
                #expect(b.allocations == setup, "\(label) \(side): \(b.allocations) allocations outside the per-message path")
            }
            #expect(large.client.result?.messages == 10_000, "\(label)")
        }
    }

    /// Paced stream and open-loop rr: the pacer, the header and both latency counters add nothing
    /// per message (rate high enough to keep the test short, low enough that the sender paces).
    @Test(arguments: [Pattern.stream, .rr])
    func pacedLoopsAllocateNothingPerMessage(pattern: Pattern) throws {
        for transport in Self.transports {
            _ = try LoopHarness.run(transport, pattern, mode: .blocking, count: 100, rate: 200_000)
            let small = try LoopHarness.run(transport, pattern, mode: .blocking, count: 1_000, rate: 200_000)
            let large = try LoopHarness.run(transport, pattern, mode: .blocking, count: 10_000, rate: 200_000)
            let label = "\(transport.rawValue) \(pattern.rawValue) paced"
            for (a, b, side) in [(small.client, large.client, "client"), (small.server, large.server, "server")] {
                #expect(a.failure == nil && b.failure == nil, "\(label) \(side): \(a.failure?.description ?? b.failure?.description ?? "")")
                #expect(a.allocations == b.allocations, "\(label) \(side): \(a.allocations) allocations for 1 000 messages, \(b.allocations) for 10 000")
            }
            if pattern == .stream {
                #expect(large.client.result?.messages == 10_000, "\(label)")
                #expect(large.server.result?.oneWay?.totalCount ?? 0 > 0, "\(label): the receiver recorded one-way latency")
            } else {
                #expect(large.client.result?.histogram?.totalCount ?? 0 > 0, "\(label): the client timed round trips")
            }
        }
    }
}

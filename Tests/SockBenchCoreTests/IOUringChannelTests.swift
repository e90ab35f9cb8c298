import CSockBench
import Glibc
import Testing
@testable import SockBenchCore

/// The io_uring modes on a real TCP connection: a receive that times out is cancelled and the ring
/// stays usable, and the SQPOLL thread's CPU time reaches the worker's CPU figures.
@Suite struct IOUringChannelTests {
    @Test(arguments: [IOMode.ioUring, .ioUringSQPoll])
    func aTimedOutReceiveIsCancelledAndTheNextOneWorks(mode: IOMode) throws {
        guard IOUringProbe.refusal(sqpoll: mode == .ioUringSQPoll) == nil else { return }
        let pair = try ChannelTests.tcpPair()
        var sender = try Channel(socket: pair.client, mode: mode, idleTimeoutNanoseconds: 50_000_000)
        var receiver = try Channel(socket: pair.server, mode: mode, idleTimeoutNanoseconds: 50_000_000)
        var byte: UInt8 = 7
        let start = MonotonicClock.nanoseconds()
        #expect(try receiver.receive(&byte, 1) == .timedOut)
        #expect(MonotonicClock.nanoseconds() - start >= 40_000_000)
        // The cancelled receive took nothing: the next byte sent is the next byte received.
        var sent: UInt8 = 42
        #expect(try sender.send(&sent, 1) == 1)
        #expect(try receiver.receive(&byte, 1) == .bytes(1))
        #expect(byte == 42)
        try sender.shutdownWrite()
        #expect(try receiver.receive(&byte, 1) == .endOfStream)
    }

    /// getrusage(RUSAGE_THREAD) does not see the SQPOLL kernel thread; CPUUsage adds its clock, so
    /// the worker's CPU columns carry what that thread spent polling for it.
    @Test func sqpollThreadTimeIsCountedAsTheWorkersSystemTime() throws {
        guard IOUringProbe.refusal(sqpoll: true) == nil else { return }
        let pair = try ChannelTests.tcpPair()
        var sender = try Channel(socket: pair.client, mode: .ioUringSQPoll, idleTimeoutNanoseconds: 1_000_000_000)
        var receiver = try Channel(socket: pair.server, mode: .blocking, idleTimeoutNanoseconds: 1_000_000_000)
        let before = CPUUsage.current()
        let sqpollBefore = csb_uring_sqpoll_cpu_ns()
        var byte: UInt8 = 1
        for _ in 0..<2000 {
            _ = try sender.send(&byte, 1)
            _ = try receiver.receive(&byte, 1)
        }
        let sqpollSpent = csb_uring_sqpoll_cpu_ns() - sqpollBefore
        let spent = CPUUsage.current() - before
        #expect(sqpollSpent > 0, "the SQPOLL thread ran to take 2000 submissions")
        #expect(spent.systemMicroseconds >= sqpollSpent / 1000 - 1, "its time is in the system column")
    }
}

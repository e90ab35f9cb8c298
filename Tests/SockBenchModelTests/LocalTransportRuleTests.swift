import SockBenchCore
@testable import SockBenchModel
import Testing

/// The rule-table rows of pipe and shm: what each measures, what is skipped and why, and what is
/// refused before anything runs.
@Suite struct LocalTransportRuleTests {
    @Test func pipeAndShmMeasurePingPongAndStreamAndSkipTheRestWithReasons() {
        let plan = Matrix.expand(MatrixAxes(transports: [.pipe, .shm], patterns: [.pingpong, .stream, .connect, .rr], sizes: [64], rates: [nil]))
        #expect(Set(plan.cells.map { "\($0.transport.rawValue) \($0.pattern.rawValue)" }) == ["pipe pingpong", "pipe stream", "shm pingpong", "shm stream"])
        #expect(plan.skipped.contains { $0.combination == "pipe connect 64B" && $0.reason.contains("connection-oriented") })
        #expect(plan.skipped.contains { $0.combination == "shm rr 64B" && $0.reason.contains("sockets only") })
    }

    @Test func shmWaitsByBusyPollOrBlockingAndSaysWhyNotTheOtherModes() {
        let plan = Matrix.expand(
            MatrixAxes(transports: [.shm, .pipe], patterns: [.pingpong], sizes: [64], modes: IOMode.allCases, cpus: [.split]), ioUringRefusal: { _ in nil }
        )
        #expect(plan.cells.filter { $0.transport == .shm }.map(\.mode) == [.blocking, .busyPoll])
        #expect(plan.cells.filter { $0.transport == .pipe }.map(\.mode) == [.blocking, .nonblocking, .epoll, .epollET, .busyPoll, .ioUring, .ioUringSQPoll])
        let reasons = Dictionary(plan.skipped.map { ($0.combination, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["shm pingpong 64B epoll writes=1"]?.hasPrefix("nothing to poll") == true)
        #expect(reasons["shm pingpong 64B epoll-et writes=1"]?.hasPrefix("nothing to poll") == true)
        #expect(reasons["shm pingpong 64B nonblocking writes=1"]?.contains("busy-poll or blocking") == true)
        #expect(reasons["pipe pingpong 64B timeout writes=1"]?.contains("pipes do not have") == true)
        #expect(reasons["shm pingpong 64B io_uring writes=1"]?.contains("no descriptor for io_uring") == true)
        #expect(reasons["shm pingpong 64B io_uring-sqpoll writes=1"]?.contains("no descriptor for io_uring") == true)
    }

    @Test func shmBusyPollOnOneCoreIsSkipped() {
        let plan = Matrix.expand(MatrixAxes(transports: [.shm], patterns: [.pingpong], sizes: [64], modes: [.busyPoll, .blocking], cpus: [.same, .split, .explicit(client: 1, server: 1)]))
        #expect(plan.cells.map { "\($0.mode.rawValue) \($0.cpu)" } == ["busy-poll split", "blocking same", "blocking split", "blocking 1+1"])
        #expect(plan.skipped.map(\.combination) == ["shm pingpong 64B busy-poll cpu=same", "shm pingpong 64B busy-poll cpu=1+1"])
        #expect(plan.skipped.allSatisfy { $0.reason.contains("spin away the other's time slice") })
    }

    @Test func aRingTooSmallForTheMessageIsRefusedWithTheAcceptedRange() {
        let axes = MatrixAxes(transports: [.unix, .shm], patterns: [.pingpong], sizes: [64, 65_536], sendBuffers: [4096])
        #expect(Matrix.unsupportedAxes(axes) == "--sndbuf 4KiB: a shm ring holds whole messages, so for 64KiB messages it takes --sndbuf 64KiB...1GiB")
        // The same buffer is fine without shm, and a ring that fits is accepted.
        #expect(Matrix.unsupportedAxes(MatrixAxes(transports: [.unix], sizes: [65_536], sendBuffers: [4096])) == nil)
        #expect(Matrix.unsupportedAxes(MatrixAxes(transports: [.shm], sizes: [65_536], sendBuffers: [65_536])) == nil)
        #expect(Matrix.unsupportedLocal(.shm, messageBytes: 5000, sendBuffer: 4096, receiveBuffer: nil) != nil)
        #expect(Matrix.unsupportedLocal(.shm, messageBytes: 4096, sendBuffer: 3000, receiveBuffer: nil) == nil, "rounded up to 4 KiB")
    }

    @Test func ringSizesRoundUpToPowersOfTwoAndHoldTheMessage() {
        #expect(SharedRing.ringBytes(requested: nil, messageBytes: 64) == SharedRing.defaultRingBytes)
        #expect(SharedRing.ringBytes(requested: nil, messageBytes: 1 << 20) == 1 << 20)
        #expect(SharedRing.ringBytes(requested: 100_000, messageBytes: 64) == 131_072)
        #expect(SharedRing.ringBytes(requested: 1, messageBytes: 64) == SharedRing.minimumRingBytes)
    }

    @Test func oneBufferBetweenTheEndsSoRcvbufIsSkipped() {
        let plan = Matrix.expand(MatrixAxes(transports: [.pipe, .unix], patterns: [.stream], sizes: [64], receiveBuffers: [nil, 65_536]))
        #expect(plan.cells.filter { $0.transport == .pipe }.count == 1)
        #expect(plan.cells.filter { $0.transport == .unix }.count == 2)
        #expect(plan.skipped.first?.reason == "pipe has one buffer between the ends, sized by --sndbuf; --rcvbuf does not apply")
    }

    @Test func connectionsWritesAndPacingSayWhereTheyDoNotApply() {
        #expect(Matrix.unsupported(.pipe, .pingpong, connections: 10, writes: 1, replyWrites: 1)?.contains("use --pairs") == true)
        #expect(Matrix.unsupported(.shm, .pingpong, sizeBytes: 64, mode: .busyPoll, writes: 2)?.contains("publishes each message whole") == true)
        #expect(Matrix.unsupported(.pipe, .pingpong, sizeBytes: 64, mode: .blocking, writes: 2) == nil, "a pipe is a byte stream")
        let paced = Matrix.expand(MatrixAxes(transports: [.pipe, .shm], patterns: [.stream], sizes: [64], rates: [1000]))
        #expect(paced.cells.map(\.transport) == [.pipe])
        #expect(paced.skipped.first?.reason.contains("shm has no paced loop") == true)
    }

    @Test func neitherCrossesHosts() throws {
        let apart = HostPlacement(serverVia: "ssh b")
        #expect(apart.unsupported(.shm)?.contains("shared memory is local to one host") == true)
        #expect(apart.unsupported(.pipe) == "a pipe is local to one host")
        let address = HostPlacement(serverAddress: "192.0.2.7")
        #expect(address.unsupported(.shm)?.contains("--server-address places an inet server") == true)
        #expect(address.unsupported(.unix) == nil)
    }
}

import Foundation
@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchRunner
import Testing

/// The io_uring modes between two real worker processes: every send and receive submitted to a ring,
/// every byte verified, on sockets (unix, tcp, udp) and pipes. Counts, never speeds.
@Suite(.serialized) struct IOUringTests {
    static func measure(_ cell: Cell, count: Int) throws -> CellMeasurement {
        let coordinator = try Coordinator(executable: Coordinator.defaultWorkerExecutable(), idle: .os)
        let settings = MeasurementSettings(warmupNanoseconds: 10_000_000, extent: .count(count), verify: true, idleTimeoutNanoseconds: 5_000_000_000)
        return coordinator.measure(cell, repetition: 1, settings: settings)
    }

    @Test(arguments: [Transport.unix, .tcp, .udp, .pipe], [IOMode.ioUring, .ioUringSQPoll])
    func verifiedPingPongAndStream(transport: Transport, mode: IOMode) throws {
        if let refusal = Matrix.kernelIOUringRefusal(mode) {
            Issue.record("this kernel refuses io_uring, so nothing here can run: \(refusal)")
            return
        }
        // 1000 B does not divide a 64 KiB pipe or socket buffer: stream reads come back split and
        // are reassembled from several completions.
        let pingpong = try Self.measure(Cell(transport: transport, pattern: .pingpong, sizeBytes: 1000, mode: mode, cpu: .split), count: 3000)
        #expect(pingpong.status == .ok, "\(transport) pingpong \(mode): \(pingpong.error ?? "")")
        #expect(pingpong.messages == 6000, "a round trip is two messages")
        #expect(pingpong.bytes == 6000 * 1000)
        #expect((pingpong.histogram?.totalCount ?? 0) == 3000)

        let stream = try Self.measure(Cell(transport: transport, pattern: .stream, sizeBytes: 1000, mode: mode, cpu: .split), count: 20_000)
        #expect(stream.status == .ok, "\(transport) stream \(mode): \(stream.error ?? "")")
        #expect(stream.messages > 0)
        #expect(stream.bytes == stream.messages * 1000)
    }

    /// Ping-pong's split request reaches the kernel as two submitted sends (MSG_MORE on the first).
    @Test func splitRequestsGoThroughTheRing() throws {
        var cell = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: false, mode: .ioUring, writes: 2)
        cell.splitWrite = .more
        let m = try Self.measure(cell, count: 500)
        #expect(m.status == .ok, "\(m.error ?? "")")
        #expect(m.messages == 1000)
    }

    @Test func aWorkerRefusesWhatTheRuleTableSkips() throws {
        let shm = try Self.measure(Cell(transport: .shm, pattern: .pingpong, sizeBytes: 64, mode: .ioUring), count: 10)
        #expect(shm.status != .ok)
        #expect(shm.error?.contains("no descriptor for io_uring") == true, "\(shm.error ?? "")")
        var batch = WorkerJob(role: .server, transport: .udp, pattern: .stream, sizeBytes: 64, options: SocketOptions(mode: .ioUringSQPoll),
                              warmupNanoseconds: 0, extent: .count(1), verify: false, socketDirectory: "/tmp")
        batch.batch = 8
        #expect(WorkerJobValidation.problem(with: batch) == Matrix.unsupportedIOUring(.udp, .stream, mode: .ioUringSQPoll, batch: 8, connections: nil, splitWrite: nil))
        #expect(WorkerJobValidation.problem(with: batch)?.contains("--batch") == true)
    }
}

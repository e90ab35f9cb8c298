import Foundation
@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchRunner
import Testing

/// pipe and shm between two real worker processes: every byte verified, the buffer recorded, and
/// the ring's indices wrapping many times. Counts, never speeds.
@Suite(.serialized) struct LocalTransportTests {
    static func settings(count: Int) -> MeasurementSettings {
        MeasurementSettings(warmupNanoseconds: 10_000_000, extent: .count(count), verify: true, idleTimeoutNanoseconds: 5_000_000_000)
    }

    static func measure(_ cell: Cell, count: Int) throws -> CellMeasurement {
        let coordinator = try Coordinator(executable: Coordinator.defaultWorkerExecutable(), idle: .os)
        return coordinator.measure(cell, repetition: 1, settings: settings(count: count))
    }

    /// `.ok` with `--verify` on: every received byte matched what was sent (a mismatch fails the row).
    static func expectVerified(_ m: CellMeasurement, messages: Int, size: Int, _ label: String) {
        #expect(m.status == .ok, "\(label): \(m.error ?? "")")
        if m.cell.pattern == .pingpong {
            #expect(m.messages == 2 * messages, "\(label): a round trip is two messages")
        } else {
            // The receiver counts from the end of its own warmup, so it may also count some of the
            // sender's warmup messages: at least one, and no exact total.
            #expect(m.messages > 0, "\(label)")
        }
        #expect(m.bytes == m.messages * size, "\(label)")
    }

    @Test(arguments: [IOMode.blocking, .nonblocking, .epoll, .epollET, .busyPoll], [Pattern.pingpong, .stream])
    func pipesCarryVerifiedMessagesInEveryMode(mode: IOMode, pattern: Pattern) throws {
        // 1000 B does not divide the pipe's 64 KiB, so stream reads come back split and are reassembled.
        let m = try Self.measure(Cell(transport: .pipe, pattern: pattern, sizeBytes: 1000, mode: mode, cpu: .split), count: 10_000)
        Self.expectVerified(m, messages: 10_000, size: 1000, "pipe \(pattern) \(mode)")
        #expect(m.sendBufferEffective == 65_536, "the default pipe capacity, F_GETPIPE_SZ")
    }

    @Test func sndbufSetsThePipeCapacityAndTheEffectiveSizeIsRecorded() throws {
        let m = try Self.measure(Cell(transport: .pipe, pattern: .stream, sizeBytes: 64, sendBufferBytes: 10_000), count: 10_000)
        Self.expectVerified(m, messages: 10_000, size: 64, "pipe sndbuf")
        // F_SETPIPE_SZ rounds up to a power-of-two number of pages.
        #expect(m.sendBufferEffective == 16_384)
        #expect(m.receiveBufferEffective == 16_384)
    }

    /// Millions of messages between two processes on different cores, every byte checked, through a
    /// ring small enough (4 KiB, 1000-byte messages) that its indices wrap mid-message again and again.
    @Test func shmBusyPollMovesMillionsOfVerifiedMessagesAcrossCores() throws {
        let stream = try Self.measure(Cell(transport: .shm, pattern: .stream, sizeBytes: 64, mode: .busyPoll, cpu: .split), count: 2_000_000)
        Self.expectVerified(stream, messages: 2_000_000, size: 64, "shm stream busy-poll")
        #expect(stream.messages > 1_900_000, "the receiver's warmup takes at most the first 10 ms")
        let wrapping = try Self.measure(
            Cell(transport: .shm, pattern: .stream, sizeBytes: 1000, sendBufferBytes: 4096, mode: .busyPoll, cpu: .split), count: 200_000
        )
        Self.expectVerified(wrapping, messages: 200_000, size: 1000, "shm stream wrapping")
        #expect(wrapping.sendBufferEffective == 4096)
        let pingpong = try Self.measure(Cell(transport: .shm, pattern: .pingpong, sizeBytes: 64, mode: .busyPoll, cpu: .split), count: 100_000)
        Self.expectVerified(pingpong, messages: 100_000, size: 64, "shm pingpong busy-poll")
    }

    /// Blocking: the waiting side sleeps on a futex and is woken by the other; the same checks.
    @Test(arguments: [CPUPlacement.split, .same])
    func shmBlockingWakesTheSleepingSide(cpu: CPUPlacement) throws {
        let pingpong = try Self.measure(Cell(transport: .shm, pattern: .pingpong, sizeBytes: 64, mode: .blocking, cpu: cpu), count: 20_000)
        Self.expectVerified(pingpong, messages: 20_000, size: 64, "shm pingpong blocking \(cpu)")
        let stream = try Self.measure(
            Cell(transport: .shm, pattern: .stream, sizeBytes: 1000, sendBufferBytes: 4096, mode: .blocking, cpu: cpu), count: 200_000
        )
        Self.expectVerified(stream, messages: 200_000, size: 1000, "shm stream blocking \(cpu)")
    }

    @Test func aWorkerRefusesAJobTheRuleTableSkips() throws {
        let m = try Self.measure(Cell(transport: .shm, pattern: .pingpong, sizeBytes: 64, mode: .epoll), count: 10)
        #expect(m.status != .ok)
        #expect(m.error?.contains("nothing to poll") == true, "\(m.error ?? "")")
    }
}

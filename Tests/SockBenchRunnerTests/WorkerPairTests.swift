import Foundation
@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchRunner
import Testing

/// Real worker processes on loopback: every transport and pattern moves verified bytes.
@Suite(.serialized) struct WorkerPairTests {
    static let quick = MeasurementSettings(
        warmupNanoseconds: 30_000_000, extent: .duration(nanoseconds: 120_000_000), verify: true,
        idleTimeoutNanoseconds: 2_000_000_000
    )

    static func measure(_ cell: Cell, settings: MeasurementSettings = quick) throws -> CellMeasurement {
        let coordinator = try Coordinator(executable: Coordinator.defaultWorkerExecutable(), idle: .os)
        return coordinator.measure(cell, repetition: 1, settings: settings)
    }

    @Test(arguments: Transport.allCases, [Pattern.pingpong, .stream])
    func everyTransportAndPatternTransfersVerifiedBytes(transport: Transport, pattern: Pattern) throws {
        let m = try Self.measure(Cell(transport: transport, pattern: pattern, sizeBytes: 64))
        #expect(m.status == .ok, "\(m.error ?? "")")
        #expect(m.messages > 0)
        #expect(m.bytes == m.messages * 64)
        #expect((m.messagesPerSecond ?? 0) > 0)
        if pattern == .pingpong {
            let rtt = try #require(m.roundTrip)
            #expect(rtt.minimum > 0 && rtt.minimum <= rtt.p50 && rtt.p50 <= rtt.p99 && rtt.p99 <= rtt.maximum)
            #expect(m.messages % 2 == 0, "ping-pong counts 2 messages per round trip")
            #expect(abs((m.messagesPerSecond ?? 0) - 2 * (m.roundTripsPerSecond ?? 0)) < 1)
        }
        if transport.isDatagram && pattern == .stream {
            #expect(m.lost != nil && m.reordered != nil && m.duplicated != nil)
            if !transport.mayLoseMessages { #expect(m.lost == 0) }
        }
        // CPU cost is measured, positive and finite.
        #expect((m.cpuMicrosecondsPerMessageSender ?? -1) >= 0)
        #expect((m.cpuMicrosecondsPerMessageReceiver ?? -1).isFinite)
    }

    @Test(arguments: [Transport.unix, .tcp, .tcp6, .unixSeqpacket], [1, 65_536])
    func streamSocketsCarryTinyAndLargeMessages(transport: Transport, size: Int) throws {
        for pattern in [Pattern.pingpong, .stream] {
            let m = try Self.measure(Cell(transport: transport, pattern: pattern, sizeBytes: size))
            #expect(m.status == .ok, "\(transport) \(pattern) \(size): \(m.error ?? "")")
            #expect(m.bytes == m.messages * size)
        }
    }

    @Test(arguments: [Transport.unixDgram, .udp, .udp6])
    func batchedDatagramStreamsMoveVerifiedMessages(transport: Transport) throws {
        let m = try Self.measure(Cell(transport: transport, pattern: .stream, sizeBytes: 64, batch: 8))
        #expect(m.status == .ok, "\(m.error ?? "")")
        #expect(m.cell.id.hasSuffix("/batch=8"))
        #expect(m.messages > 0 && m.bytes == m.messages * 64)
        #expect(m.lost != nil && m.duplicated == 0)
        if transport == .unixDgram { #expect(m.lost == 0, "unix datagrams are reliable") }
    }

    @Test func effectiveBuffersAreRecordedAndAtLeastRequested() throws {
        let cell = Cell(transport: .tcp, pattern: .stream, sizeBytes: 1024, sendBufferBytes: 65_536, receiveBufferBytes: 65_536)
        let m = try Self.measure(cell)
        #expect(m.status == .ok)
        #expect((m.sendBufferEffective ?? 0) >= 65_536)
        #expect((m.receiveBufferEffective ?? 0) >= 65_536)
    }

    @Test func countExtentMeasuresExactlyThatManyRoundTrips() throws {
        var settings = Self.quick
        settings.extent = .count(500)
        let m = try Self.measure(Cell(transport: .unix, pattern: .pingpong, sizeBytes: 32), settings: settings)
        #expect(m.status == .ok)
        #expect(m.messages == 1000)
    }

    @Test func pinnedPlacementRuns() throws {
        for placement in [CPUPlacement.same, .split] {
            let m = try Self.measure(Cell(transport: .unix, pattern: .pingpong, sizeBytes: 64, cpu: placement))
            #expect(m.status == .ok, "\(placement): \(m.error ?? "")")
        }
    }

    @Test func twoPairsAggregate() throws {
        let m = try Self.measure(Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, pairs: 2))
        #expect(m.status == .ok)
        #expect((m.histogram?.totalCount ?? 0) * 2 == UInt64(m.messages))
    }

    @Test(arguments: [IOMode.nonblocking, .epoll, .epollET, .busyPoll])
    func everyModeWorks(mode: IOMode) throws {
        for transport in [Transport.unix, .udp] {
            let m = try Self.measure(Cell(transport: transport, pattern: .pingpong, sizeBytes: 64, mode: mode))
            #expect(m.status == .ok, "\(transport) \(mode): \(m.error ?? "")")
        }
    }
}

import Foundation
@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchRunner
@testable import SockBenchStore
import Testing

/// #28 items 4-6 on real worker processes over loopback: SO_BUSY_POLL, MSG_ZEROCOPY and SO_KEEPALIVE
/// set, read back and recorded per row, the rules that collapse or skip them, and the worker's refusals.
@Suite(.serialized) struct KernelKnobTests {
    static func measure(_ cell: Cell, verify: Bool = true) throws -> CellMeasurement {
        var settings = ConnectionPatternTests.quick
        settings.verify = verify
        return try ConnectionPatternTests.measure(cell, settings: settings)
    }

    static func row(_ m: CellMeasurement) throws -> CellMeasurement {
        try #require(try MeasurementCSV.parse(MeasurementCSV.header + MeasurementCSV.row(m)).first)
    }

    @Test(arguments: [(Transport.tcp, Pattern.pingpong), (.tcp6, .stream), (.udp, .pingpong), (.udp, .stream)])
    func busyPollIsSetOnTheReceivingSocketsAndReadBack(transport: Transport, pattern: Pattern) throws {
        var cell = Cell(transport: transport, pattern: pattern, sizeBytes: 64)
        cell.busyPollMicroseconds = 50
        let m = try Self.measure(cell)
        #expect(m.status == .ok, "\(m.error ?? "")")
        #expect(m.busyPollAccepted == true && m.busyPollEffectiveMicroseconds == 50)
        let back = try Self.row(m)
        #expect(back.cell.id == cell.id && back.busyPollAccepted == true && back.busyPollEffectiveMicroseconds == 50)
    }

    /// Every byte arrives as sent (--verify) although the sender's pages belong to the kernel until
    /// their completion: the payload rotation waits for it. Small messages are measured too.
    @Test(arguments: [1, 4096, 256 << 10])
    func zeroCopyStreamsDeliverEveryByteAndCountCopies(size: Int) throws {
        var cell = Cell(transport: .tcp, pattern: .stream, sizeBytes: size)
        cell.zeroCopy = true
        let m = try Self.measure(cell)
        #expect(m.status == .ok, "\(m.error ?? "")")
        #expect(m.messages > 0)
        // On loopback the receiver is local, so the kernel copies (SO_EE_CODE_ZEROCOPY_COPIED).
        let copied = try #require(m.zeroCopyCopied, "no completion was counted")
        #expect(copied > 0 && copied <= 1, "\(copied)")
        let back = try Self.row(m)
        #expect(back.cell.zeroCopy == true && back.cell.zeroCopySetting == "on" && back.zeroCopyCopied != nil)
    }

    @Test(arguments: [Pattern.pingpong, .stream])
    func keepAliveTimersAreSetAndReadBack(pattern: Pattern) throws {
        var cell = Cell(transport: .tcp, pattern: pattern, sizeBytes: 64)
        cell.keepAlive = KeepAlive(idleSeconds: 1, intervalSeconds: 1, count: 2)
        let m = try Self.measure(cell)
        #expect(m.status == .ok, "\(m.error ?? "")")
        #expect(m.keepAliveEffective == KeepAlive(idleSeconds: 1, intervalSeconds: 1, count: 2))
        let back = try Self.row(m)
        #expect(back.cell.id == cell.id && back.keepAliveEffective == m.keepAliveEffective)
        #expect(cell.id.hasSuffix("/keepalive=1/1/2"))
    }

    @Test func theRulesCollapseWhereAKnobDoesNotApplyAndSkipWhereTheTransportHasNone() {
        var axes = MatrixAxes(transports: [.unix, .tcp, .udp, .pipe], patterns: [.pingpong, .stream], sizes: [64])
        axes.busyPoll = [0, 50]
        axes.zeroCopy = [false, true]
        axes.keepAlive = [false, true]
        axes.keepAliveTimers = KeepAlive(idleSeconds: 5)
        let plan = Matrix.expand(axes)
        func reason(_ prefix: String) -> String? { plan.skipped.first { $0.combination.hasPrefix(prefix) }?.reason }
        #expect(reason("unix pingpong busy-poll-us=50")?.contains("NAPI") == true, "\(plan.skipped)")
        #expect(reason("pipe stream busy-poll-us=50")?.contains("no socket") == true)
        #expect(reason("udp stream zerocopy=on")?.contains("TCP streams") == true)
        #expect(reason("unix stream zerocopy=on")?.contains("EOPNOTSUPP") == true)
        #expect(reason("udp pingpong keepalive=on")?.contains("TCP's") == true)
        #expect(plan.notes.contains { $0.hasPrefix("--zerocopy applies to unpaced TCP streams: tcp pingpong") }, "\(plan.notes)")
        // unix: busy poll 0 is the plain cell; 50 is skipped; zerocopy and keepalive skipped when on.
        #expect(plan.cells.filter { $0.transport == .unix }.map(\.id) == [Cell(transport: .unix, pattern: .pingpong, sizeBytes: 64).id, Cell(transport: .unix, pattern: .stream, sizeBytes: 64).id])
        // tcp stream: busy poll 2 × zerocopy 2 × keepalive 2; tcp pingpong: zerocopy collapses.
        #expect(plan.cells.filter { $0.transport == .tcp && $0.pattern == .stream }.count == 8)
        #expect(plan.cells.filter { $0.transport == .tcp && $0.pattern == .pingpong }.count == 4)
        #expect(plan.cells.contains { $0.keepAlive == KeepAlive(idleSeconds: 5) })
        // The same rules hold for hand-picked cells.
        var unixZero = Cell(transport: .unix, pattern: .stream, sizeBytes: 64)
        unixZero.zeroCopy = true
        #expect(Matrix.plan(cells: [unixZero]).cells.isEmpty)
    }

    @Test func theWorkerRefusesWhatTheRulesExclude() {
        func job(_ transport: Transport, _ pattern: Pattern, engine: Engine = .swift, _ change: (inout WorkerJob) -> Void) -> String? {
            var job = WorkerJob(
                role: .client, transport: transport, pattern: pattern, sizeBytes: 64, options: SocketOptions(), warmupNanoseconds: 0,
                extent: .count(1), verify: false, socketDirectory: "/tmp", engine: engine
            )
            change(&job)
            return WorkerJobValidation.problem(with: job)
        }
        #expect(job(.unix, .stream) { $0.zeroCopy = true }?.contains("EOPNOTSUPP") == true)
        #expect(job(.tcp, .pingpong) { $0.zeroCopy = true }?.contains("unpaced TCP streams") == true)
        #expect(job(.unixSeqpacket, .pingpong) { $0.busyPollMicroseconds = 10 }?.contains("NAPI") == true)
        #expect(job(.tcp, .pingpong) { $0.busyPollMicroseconds = -1 }?.contains("outside") == true)
        #expect(job(.udp, .stream) { $0.keepAlive = KeepAlive() }?.contains("TCP's") == true)
        #expect(job(.tcp, .stream, engine: .c) { $0.keepAlive = KeepAlive() }?.contains("C reference loops") == true)
        #expect(job(.tcp, .stream) { $0.zeroCopy = true; $0.keepAlive = KeepAlive(); $0.busyPollMicroseconds = 0 } == nil)
    }
}

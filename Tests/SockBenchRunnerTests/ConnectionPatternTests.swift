import Foundation
@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchRunner
@testable import SockBenchStore
import Testing

/// Issue 15 on real worker processes: a connection per request, the timeout mode, split writes.
@Suite(.serialized) struct ConnectionPatternTests {
    static let quick = MeasurementSettings(
        warmupNanoseconds: 20_000_000, extent: .duration(nanoseconds: 100_000_000), verify: true,
        idleTimeoutNanoseconds: 2_000_000_000
    )

    static func measure(_ cell: Cell, settings: MeasurementSettings = quick) throws -> CellMeasurement {
        let coordinator = try Coordinator(executable: Coordinator.defaultWorkerExecutable(), idle: .os)
        return coordinator.measure(cell, repetition: 1, settings: settings)
    }

    @Test(arguments: [Transport.unix, .unixSeqpacket, .tcp, .tcp6], [IOMode.blocking, .timeout])
    func aConnectionPerRequestReportsTransactionsAndConnectTimes(transport: Transport, mode: IOMode) throws {
        let m = try Self.measure(Cell(transport: transport, pattern: .connect, sizeBytes: 64, mode: mode))
        #expect(m.status == .ok, "\(m.error ?? "")")
        #expect(m.messages > 0)
        #expect(m.bytes == m.messages * 64 * 2, "request and reply per transaction")
        #expect(abs((m.messagesPerSecond ?? 0) - (m.roundTripsPerSecond ?? -1)) < 0.001, "one message is one transaction")
        let transaction = try #require(m.roundTrip)
        let connect = try #require(m.connectTime)
        #expect(connect.p50 > 0)
        #expect(connect.p50 <= transaction.p50, "connect is part of the transaction")
        // The CSV keeps the connect percentiles.
        let row = try MeasurementCSV.parse(MeasurementCSV.header + MeasurementCSV.row(m))
        #expect(row.first?.connectTime?.p50 == (connect.p50 * 1000).rounded() / 1000)
    }

    // Every socket transport: pipes have no SO_RCVTIMEO and a ring no socket options (the rule table skips both).
    @Test(arguments: Transport.allCases.filter(\.isSocket), [Pattern.pingpong, .stream])
    func theTimeoutModeRunsOnEveryTransport(transport: Transport, pattern: Pattern) throws {
        var settings = Self.quick
        // Long enough for a loaded machine's start-up gap between the server and the client.
        settings.socketTimeoutNanoseconds = 2_000_000_000
        let m = try Self.measure(Cell(transport: transport, pattern: pattern, sizeBytes: 64, mode: .timeout), settings: settings)
        #expect(m.status == .ok, "\(transport) \(pattern): \(m.error ?? "")")
        #expect(m.messages > 0)
    }

    /// The Nagle trap is a protocol effect, not a speed: with TCP_NODELAY off, the body of a split
    /// message waits for the ACK of its header, which the peer delays (40 ms minimum on Linux), once
    /// per split side: `--writes` splits the request alone, `--reply-writes` the reply alone. A
    /// delayed ACK is tens of milliseconds against tens of microseconds for a whole round trip.
    @Test func splitWritesWithNagleOnWaitForTheDelayedAck() throws {
        let settings = MeasurementSettings(warmupNanoseconds: 0, extent: .count(8), verify: true, idleTimeoutNanoseconds: 2_000_000_000)
        func p50(writes: Int, replyWrites: Int, noDelay: Bool = false) throws -> Double {
            let cell = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: noDelay, writes: writes, replyWrites: replyWrites)
            let m = try Self.measure(cell, settings: settings)
            #expect(m.status == .ok && m.messages == 16, "\(cell.id): \(m.error ?? "")")
            return try #require(m.roundTrip, "\(cell.id)").p50
        }
        let whole = try p50(writes: 1, replyWrites: 1)
        let request = try p50(writes: 2, replyWrites: 1)
        let reply = try p50(writes: 1, replyWrites: 2)
        let both = try p50(writes: 2, replyWrites: 2)
        #expect(request > 100 * whole, "request split: p50 \(request) µs against \(whole) µs whole")
        #expect(reply > 100 * whole, "reply split: p50 \(reply) µs against \(whole) µs whole")
        #expect(both > request, "both split: two delayed ACKs per round trip (p50 \(both) µs), the request alone one (\(request) µs)")
        _ = try p50(writes: 2, replyWrites: 2, noDelay: true)
        let unix = try Self.measure(Cell(transport: .unix, pattern: .pingpong, sizeBytes: 64, writes: 2, replyWrites: 2), settings: settings)
        #expect(unix.status == .ok && unix.messages == 16, "\(unix.error ?? "")")
        #expect(unix.cell.id.hasSuffix("/writes=2/reply-writes=2"))
    }

    /// The cures that keep Nagle on (`--split-write more|cork|writev`, `--quickack on`): the split
    /// message goes out without waiting for a delayed ACK, a protocol effect of thousands of times
    /// (tens of ms against tens of µs), and every byte arrives (verify).
    @Test func eachCureOfTheSplitWriteTrapAvoidsTheDelayedAck() throws {
        let settings = MeasurementSettings(warmupNanoseconds: 0, extent: .count(8), verify: true, idleTimeoutNanoseconds: 2_000_000_000)
        func p50(_ cell: Cell) throws -> Double {
            let m = try Self.measure(cell, settings: settings)
            #expect(m.status == .ok && m.messages == 16, "\(cell.id): \(m.error ?? "")")
            return try #require(m.roundTrip, "\(cell.id)").p50
        }
        let split = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: false, writes: 2, replyWrites: 2)
        let trapped = try p50(split)
        for style in [SplitStyle.more, .cork, .writev] {
            var cured = split
            cured.splitWrite = style
            #expect(cured.id.hasSuffix("/split=\(style.rawValue)"))
            let p = try p50(cured)
            #expect(p * 100 < trapped, "\(style): p50 \(p) µs against \(trapped) µs with two plain sends")
        }
        var quick = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: false, writes: 2, replyWrites: 1)
        let oneDelay = try p50(quick)
        quick.quickAck = true
        let p = try p50(quick)
        #expect(p * 100 < oneDelay, "quick ACKs: p50 \(p) µs against \(oneDelay) µs")
    }

    /// writev hands over a 16-byte header and a large body in one call; a byte stream may take part
    /// of it, and the rest must follow in order (verify checks every byte of every message).
    @Test(arguments: [Transport.unix, .tcp])
    func aLargeWritevMessageArrivesWhole(transport: Transport) throws {
        var cell = Cell(transport: transport, pattern: .pingpong, sizeBytes: 262_144, sendBufferBytes: 4_096, noDelay: true, writes: 2, replyWrites: 2)
        cell.splitWrite = .writev
        let m = try Self.measure(cell)
        #expect(m.status == .ok && m.messages > 0, "\(cell.id): \(m.error ?? "")")
    }

    /// A client that splits its request and a server that answers whole: the server reassembles each
    /// request and every reply comes back whole (pingpong checks each reply against its request with
    /// verify; rr reads its timing header back from each reply), in each pattern with a reply.
    @Test(arguments: [Transport.unix, .tcp], [Pattern.pingpong, .connect, .rr])
    func aSplitRequestWithAWholeReplyDeliversEveryByte(transport: Transport, pattern: Pattern) throws {
        var cell = Cell(transport: transport, pattern: pattern, sizeBytes: 200, noDelay: true, writes: 2, replyWrites: 1)
        if pattern == .rr { cell.ratePerSecond = 2_000 }
        #expect(cell.replyWrites == nil && cell.id.contains("/writes=2") && !cell.id.contains("reply-writes"), "\(cell.id)")
        let m = try Self.measure(cell)
        #expect(m.status == .ok, "\(cell.id): \(m.error ?? "")")
        #expect(m.messages > 0)
        let row = try #require(try MeasurementCSV.parse(MeasurementCSV.header + MeasurementCSV.row(m)).first)
        #expect(row.cell == cell, "the CSV row keeps writes=2 and reply_writes=1")
    }

    @Test func cellsThatCannotSplitOrConnectAreSkippedWithTheirReason() {
        let plan = Matrix.expand(MatrixAxes(
            transports: [.unix, .unixSeqpacket, .udp], patterns: [.pingpong, .stream, .connect], sizes: [64],
            modes: [.blocking, .epoll], writes: [1, 2]
        ))
        func reason(_ text: String) -> String? { plan.skipped.first { $0.combination.hasPrefix(text) }?.reason }
        #expect(reason("udp pingpong 64B blocking writes=2")?.contains("a datagram is one write") == true, "\(plan.skipped)")
        #expect(reason("unix-seqpacket pingpong 64B blocking writes=2")?.contains("keeps message boundaries") == true)
        #expect(reason("unix stream 64B blocking writes=2")?.contains("not stream") == true)
        #expect(reason("udp connect")?.contains("connection-oriented") == true)
        #expect(reason("unix connect 64B epoll")?.contains("blocking") == true)
        #expect(plan.cells.contains { $0.transport == .unix && $0.pattern == .pingpong && $0.writes == 2 })
        #expect(plan.cells.contains { $0.transport == .unix && $0.pattern == .connect && $0.mode == .blocking && $0.writes == 2 })
        #expect(!plan.cells.contains { $0.transport == .udp && $0.writes == 2 })
        #expect(!plan.cells.contains { $0.pattern == .connect && $0.mode == .epoll })
    }

    /// `--reply-writes`: its own axis, expanded beside `--writes`, with the same skip rules for the
    /// reply; a worker refuses what the matrix skips.
    @Test func replyWritesIsAnAxisOfItsOwn() {
        let plan = Matrix.expand(MatrixAxes(
            transports: [.tcp, .udp, .unixSeqpacket], patterns: [.pingpong, .stream, .rr], sizes: [64],
            writes: [1, 2], replyWrites: [1, 2], rates: [nil, 1_000]
        ))
        let tcp = plan.cells.filter { $0.transport == .tcp && $0.pattern == .pingpong }
        #expect(Set(tcp.map { [$0.writes ?? 1, $0.replyWrites ?? 1] }) == [[1, 1], [2, 1], [1, 2], [2, 2]], "\(tcp.map(\.id))")
        #expect(tcp.contains { $0.id.hasSuffix("/pairs=1/reply-writes=2") })
        #expect(tcp.contains { $0.id.hasSuffix("/pairs=1/writes=2/reply-writes=2") })
        #expect(plan.cells.filter { $0.transport == .tcp && $0.pattern == .rr }.count == 4)
        #expect(!plan.cells.contains { $0.pattern == .stream && $0.replyWrites != nil })
        func reason(_ text: String) -> String? { plan.skipped.first { $0.combination.hasPrefix(text) }?.reason }
        #expect(reason("udp pingpong 64B reply-writes=2")?.contains("a datagram is one write: --reply-writes 2") == true, "\(plan.skipped)")
        #expect(reason("unix-seqpacket pingpong 64B reply-writes=2")?.contains("keeps message boundaries") == true)
        #expect(reason("tcp stream 64B reply-writes=2")?.contains("not stream") == true)
        // A 1-byte reply has no header and body.
        let tiny = Matrix.expand(MatrixAxes(transports: [.tcp], patterns: [.pingpong], sizes: [64], replySizes: [1], replyWrites: [2]))
        #expect(tiny.cells.isEmpty && tiny.skipped.first?.reason == "a 1-byte reply cannot be split into a header and a body", "\(tiny.skipped)")
        let connections = Matrix.expand(MatrixAxes(transports: [.tcp], patterns: [.pingpong], sizes: [64], replyWrites: [2], connections: [10]))
        #expect(connections.cells.isEmpty && connections.skipped.contains { $0.reason.contains("--reply-writes 1") }, "\(connections.skipped)")
        // The same rule in the worker.
        var job = WorkerJob(role: .server, transport: .udp, pattern: .pingpong, sizeBytes: 64, options: SocketOptions(),
                            warmupNanoseconds: 0, extent: .count(1), verify: false, socketDirectory: "/tmp")
        job.replyWrites = 2
        #expect(WorkerJobValidation.problem(with: job) == reason("udp pingpong 64B reply-writes=2"))
        job.replyWrites = 3
        #expect(WorkerJobValidation.problem(with: job) == "reply writes 3 outside 1...2")
    }
}

/// `--connections`: one epoll server, several client processes, every connection served.
@Suite(.serialized) struct ManyConnectionsTests {
    @Test(arguments: [Transport.unix, .unixSeqpacket, .tcp, .tcp6])
    func oneEpollServerServesEveryConnection(transport: Transport) throws {
        var settings = ConnectionPatternTests.quick
        settings.clientProcesses = 2
        settings.verify = false
        let cell = Cell(transport: transport, pattern: .pingpong, sizeBytes: 64, connections: 101)
        #expect(cell.mode == .epoll && cell.id.hasSuffix("/connections=101"))
        let m = try ConnectionPatternTests.measure(cell, settings: settings)
        #expect(m.status == .ok, "\(transport): \(m.error ?? "")")
        let fairness = try #require(m.connectionRoundTrips)
        // Every one of the 101 connections (51 + 50 over two processes) was served during the run.
        #expect(fairness.minimum >= 1, "a connection starved: \(fairness)")
        #expect(fairness.minimum <= fairness.median && fairness.median <= fairness.maximum)
        #expect(m.messages % 2 == 0 && m.messages >= 2 * 101)
        #expect((m.cpuMicrosecondsPerMessageReceiver ?? -1) > 0, "server CPU per message")
        let rtt = try #require(m.roundTrip)
        #expect(rtt.minimum > 0 && rtt.p50 <= rtt.p99)
        let row = try MeasurementCSV.parse(MeasurementCSV.header + MeasurementCSV.row(m)).first
        #expect(row?.cell.connections == 101 && row?.connectionRoundTrips == fairness)
    }

    /// `--mode epoll-et` reaches the server: the cell keeps the mode, and every connection is served.
    @Test(arguments: [Transport.unix, .tcp])
    func anEdgeTriggeredServerServesEveryConnection(transport: Transport) throws {
        var settings = ConnectionPatternTests.quick
        settings.clientProcesses = 2
        settings.verify = false
        let cell = Cell(transport: transport, pattern: .pingpong, sizeBytes: 64, mode: .epollET, connections: 101)
        #expect(cell.mode == .epollET && cell.id.contains("/epoll-et/"))
        let m = try ConnectionPatternTests.measure(cell, settings: settings)
        #expect(m.status == .ok, "\(transport): \(m.error ?? "")")
        let fairness = try #require(m.connectionRoundTrips)
        #expect(fairness.minimum >= 1, "a connection starved: \(fairness)")
        let plan = Matrix.expand(MatrixAxes(transports: [.tcp, .udp], patterns: [.pingpong], sizes: [64], modes: [.blocking, .epollET], connections: [10]))
        #expect(plan.cells.map(\.mode) == [.epoll, .epollET, .epoll], "\(plan.cells.map(\.id))")
        #expect(plan.skipped.contains { $0.combination.hasPrefix("udp pingpong 64B epoll-et") && $0.reason.contains("datagram") }, "\(plan.skipped)")
    }

    /// `--count N` is the cell's total of round trips, shared out over the client processes, not N
    /// per process (which made the total depend on the core count); fewer round trips than
    /// processes use fewer processes.
    @Test(arguments: [(count: 1_000, processes: 3), (count: 2, processes: 3)])
    func countIsTheTotalOverEveryClientProcess(count: Int, processes: Int) throws {
        var settings = ConnectionPatternTests.quick
        settings.extent = .count(count)
        settings.clientProcesses = processes
        settings.verify = false
        let m = try ConnectionPatternTests.measure(Cell(transport: .unix, pattern: .pingpong, sizeBytes: 64, connections: 10), settings: settings)
        #expect(m.status == .ok, "\(m.error ?? "")")
        #expect(m.messages == 2 * count, "\(m.messages / 2) round trips measured for --count \(count) over \(processes) processes")
        #expect(m.histogram.map { Int($0.totalCount) } == count)
    }

    /// Datagram transports: one bound server socket replies to each request's source; the client
    /// sockets (unix-dgram ones bound in the run's socket directory) ping-pong at once.
    @Test(arguments: [Transport.udp, .unixDgram], [1, 100])
    func oneDatagramSocketServesEveryClientSocket(transport: Transport, connections: Int) throws {
        var settings = ConnectionPatternTests.quick
        settings.clientProcesses = 2
        settings.verify = false
        let coordinator = try Coordinator(executable: Coordinator.defaultWorkerExecutable(), idle: .os)
        let m = coordinator.measure(Cell(transport: transport, pattern: .pingpong, sizeBytes: 64, connections: connections), repetition: 1, settings: settings)
        #expect(m.status == .ok, "\(transport) \(connections): \(m.error ?? "")")
        let fairness = try #require(m.connectionRoundTrips)
        #expect(fairness.minimum >= 1, "a client socket starved: \(fairness)")
        #expect(fairness.minimum <= fairness.median && fairness.median <= fairness.maximum)
        #expect(m.messages % 2 == 0 && m.messages >= 2 * connections)
        #expect((m.cpuMicrosecondsPerMessageReceiver ?? -1) > 0, "server CPU per message")
        #expect(m.lost != nil, "datagram cells count lost echoes")
        let rtt = try #require(m.roundTrip)
        #expect(rtt.minimum > 0 && rtt.p50 <= rtt.p99)
        // The clients' bound paths and the server's are gone after the cell.
        let left = (try? FileManager.default.contentsOfDirectory(atPath: coordinator.socketDirectory)) ?? []
        #expect(left.isEmpty, "left in the socket directory: \(left)")
    }

    @Test func otherPatternsAndSplitWritesAreSkippedWithTheirReason() {
        let plan = Matrix.expand(MatrixAxes(transports: [.unix, .udp, .unixDgram], patterns: [.pingpong, .stream], sizes: [64], connections: [10]))
        #expect(plan.cells.map(\.id) == [Transport.unix, .udp, .unixDgram].map { Cell(transport: $0, pattern: .pingpong, sizeBytes: 64, connections: 10).id })
        #expect(plan.skipped.contains { $0.combination.hasPrefix("unix stream") && $0.reason.contains("not stream") }, "\(plan.skipped)")
        #expect(plan.skipped.contains { $0.combination.hasPrefix("udp stream") && $0.reason.contains("not stream") })
        let split = Matrix.expand(MatrixAxes(transports: [.tcp], patterns: [.pingpong], sizes: [64], writes: [2], connections: [10]))
        #expect(split.cells.isEmpty && split.skipped.contains { $0.reason.contains("--writes 1") }, "\(split.skipped)")
    }
}

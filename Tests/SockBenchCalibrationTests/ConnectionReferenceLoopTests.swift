import Foundation
@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchStore
import Testing

/// The C loops of the connection patterns (connections.c) measure what ConnectLoop, EpollServer and
/// EpollClients measure: each engine serves the other (same handshake at the end), and the counts agree
/// exactly, in-flight requests included.
@Suite(.serialized) struct ConnectionReferenceLoopTests {
    static let cases: [(client: Engine, server: Engine)] = [(.c, .swift), (.swift, .c), (.c, .c)]

    @Test(arguments: [Transport.unix, .unixSeqpacket, .tcp])
    func connectEnginesInteroperateAndCountAlike(transport: Transport) throws {
        for engines in Self.cases {
            let run = try ConnectHarness.run(transport, count: 200, clientEngine: engines.client, serverEngine: engines.server)
            let label = "\(transport) client \(engines.client) server \(engines.server)"
            let client = try #require(run.client.result, "\(label): \(run.client.failure?.description ?? "")")
            let server = try #require(run.server.result, "\(label): \(run.server.failure?.description ?? "")")
            #expect(client.messages == 200 && server.messages == 200, "\(label)")
            let transactions = try #require(client.histogram, "\(label)")
            let connects = try #require(client.connectHistogram, "\(label)")
            #expect(transactions.totalCount == 200 && connects.totalCount == 200, "\(label)")
            #expect(connects.min > 0 && connects.min <= transactions.max, "\(label): connect is part of a transaction")
            #expect(client.elapsedNanoseconds > 0 && client.outOfRangeSamples == 0, "\(label)")
        }
    }

    @Test(arguments: [Transport.unix, .unixSeqpacket, .tcp, .udp])
    func epollEnginesInteroperateAndCountAlike(transport: Transport) throws {
        for engines in Self.cases {
            let run = try ConnectHarness.run(transport, count: 1_000, connections: 10, clientEngine: engines.client, serverEngine: engines.server)
            let label = "\(transport) clients \(engines.client) server \(engines.server)"
            let client = try #require(run.client.result, "\(label): \(run.client.failure?.description ?? "")")
            let server = try #require(run.server.result, "\(label): \(run.server.failure?.description ?? "")")
            #expect(client.messages == 1_000, "\(label)")
            #expect(client.histogram?.totalCount == 1_000 && client.outOfRangeSamples == 0, "\(label)")
            let counts = try #require(client.connectionCounts, "\(label)")
            #expect(counts.count == 10 && counts.reduce(0, +) == 1_000, "\(label)")
            // The server also echoed the 9 requests still in flight when the 1 000th reply ended the count.
            #expect(server.messages == 1_009, "\(label)")
            #expect(client.elapsedNanoseconds > 0 && client.cpu.totalMicroseconds >= 0, "\(label)")
            // UDP: each client socket ended with its end datagram; loopback dropped none of 1 009.
            #expect(client.lostRoundTrips == (transport.isDatagram ? 0 : nil), "\(label)")
        }
    }

    /// `--mode epoll-et`: the server registered edge-triggered drains every event until EAGAIN, so no
    /// request is left unread (a lost wake-up would stall the count); both engines, each serving the other.
    @Test(arguments: [Transport.unix, .unixSeqpacket, .tcp])
    func anEdgeTriggeredServerAnswersEveryRequest(transport: Transport) throws {
        for engines in Self.cases + [(client: Engine.swift, server: Engine.swift)] {
            let run = try ConnectHarness.run(
                transport, count: 1_000, connections: 10, clientEngine: engines.client, serverEngine: engines.server, mode: .epollET
            )
            let label = "\(transport) epoll-et clients \(engines.client) server \(engines.server)"
            let client = try #require(run.client.result, "\(label): \(run.client.failure?.description ?? "")")
            let server = try #require(run.server.result, "\(label): \(run.server.failure?.description ?? "")")
            #expect(client.messages == 1_000 && client.connectionCounts?.reduce(0, +) == 1_000, "\(label)")
            #expect(server.messages == 1_009, "\(label)")
        }
    }

    /// The C loops allocate their tables before the first message and nothing per message either.
    @Test(arguments: [Transport.unix, .tcp])
    func theCLoopsAllocateNothingPerMessage(transport: Transport) throws {
        for connections in [0, 10] {
            let run = { (count: Int) in try ConnectHarness.run(transport, count: count, connections: connections, clientEngine: .c, serverEngine: .c) }
            _ = try run(50)
            let small = try run(connections > 0 ? 1_000 : 100)
            let large = try run(connections > 0 ? 10_000 : 1_000)
            for (a, b, side) in [(small.client, large.client, "client"), (small.server, large.server, "server")] {
                let label = "\(transport) connections=\(connections) \(side)"
                #expect(a.failure == nil && b.failure == nil, "\(label): \(a.failure?.description ?? b.failure?.description ?? "")")
                #expect(b.allocations <= a.allocations + 1, "\(label): \(a.allocations) allocations for the short run, \(b.allocations) for ten times as many messages")
            }
        }
    }
}

/// `sockbench calibrate` on the connection patterns, through the built binary: both engines measure
/// every cell, and the connect and fairness columns are filled for both.
@Suite(.serialized) struct ConnectionCalibrationTests {
    static func calibrate(_ arguments: [String], extent: [String] = ["--duration", "80ms"]) throws -> (rows: [CellMeasurement], summary: [[String: String]], stderr: String) {
        let directory = NSTemporaryDirectory() + "sbcal-conn-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let quick = ["--size", "64", "--repetitions", "1", "--warmup", "20ms", "--idle", "os", "--quiet", "--output", directory] + extent
        let result = try CalibrateCommandTests.run(arguments + quick)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        let rows = try MeasurementCSV.parse(String(contentsOfFile: "\(directory)/measurements.csv", encoding: .utf8))
        let table = CSV.parse(try String(contentsOfFile: "\(directory)/calibration.csv", encoding: .utf8))
        let summary = table.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(table[0], $0)) }
        return (rows, summary, result.stderr)
    }

    @Test func calibratingTheConnectPatternMeasuresBothEngines() throws {
        let run = try Self.calibrate(["--pattern", "connect", "--transport", "unix,tcp"])
        // The connect pattern blocks: calibrate's nonblocking mode is skipped, blocking measured.
        #expect(run.rows.count == 4, "\(run.stderr)")
        #expect(Set(run.rows.map { $0.cell.engine ?? .swift }) == [.swift, .c])
        for row in run.rows {
            #expect(row.status == .ok, "\(row.cell.id): \(row.error ?? "")")
            #expect(row.cell.pattern == .connect && row.messages > 0, "\(row.cell.id)")
            #expect((row.connectTime?.p50 ?? 0) > 0, "\(row.cell.id): no connect time")
        }
        #expect(run.summary.count == 2 && run.summary.allSatisfy { $0["pairs_ok"] == "1" }, "\(run.summary)")
    }

    @Test func calibratingConnectionsMeasuresBothEngines() throws {
        let run = try Self.calibrate(["--connections", "1,50", "--transport", "unix,tcp"])
        // Ping-pong in one mode by default: 2 transports × 2 connection counts × 2 engines.
        #expect(run.rows.count == 8, "\(run.stderr)")
        #expect(Set(run.rows.map { $0.cell.engine ?? .swift }) == [.swift, .c])
        for row in run.rows {
            #expect(row.status == .ok, "\(row.cell.id): \(row.error ?? "")")
            let fairness = try #require(row.connectionRoundTrips, "\(row.cell.id): no fairness")
            #expect(fairness.minimum > 0 && fairness.minimum <= fairness.maximum, "\(row.cell.id)")
            #expect(row.roundTrip != nil && row.cpuMicrosecondsPerMessageReceiver != nil, "\(row.cell.id)")
        }
        #expect(Set(run.rows.compactMap(\.cell.connections)) == [1, 50])
        #expect(run.summary.count == 4 && run.summary.allSatisfy { $0["pairs_ok"] == "1" }, "\(run.summary)")
    }

    /// `--threads 2`: the C engine runs the threaded cells as the Swift engine does, on unix (one
    /// acceptor handing connections out), tcp and udp (a socket per thread, SO_REUSEPORT): every
    /// round trip of the count measured, every connection served, both server threads echoing.
    @Test func calibratingThreadedConnectionsMeasuresBothEngines() throws {
        // 64 connections, so SO_REUSEPORT's hash leaves no server thread without one (8 would, 1 time
        // in 128); 40 000 round trips, so a server thread descheduled for a few milliseconds on a busy
        // machine does not leave a connection without a round trip (ThreadsCLITests).
        let run = try Self.calibrate(
            ["--connections", "64", "--threads", "2", "--cpu", "split", "--transport", "unix,tcp,udp", "--pattern", "pingpong"],
            extent: ["--count", "40000"]
        )
        #expect(run.rows.count == 6, "\(run.stderr)")
        #expect(run.rows.filter { $0.cell.engine == .c }.map(\.cell.transport).sorted { $0.rawValue < $1.rawValue } == [.tcp, .udp, .unix])
        for row in run.rows {
            let label = "\(row.cell.id)"
            #expect(row.status == .ok, "\(label): \(row.error ?? "")")
            #expect(row.cell.threads == 2 && row.messages == 80_000, "\(label): \(row.messages)")
            let fairness = try #require(row.connectionRoundTrips, "\(label): no fairness")
            #expect(fairness.minimum >= 1, "\(label): a connection delivered nothing: \(fairness)")
            let threads = try #require(row.threadRates, "\(label): no thread tallies")
            #expect(threads.minimum > 0 && threads.minimum <= threads.maximum, "\(label): a server thread echoed nothing: \(threads), \(row.placement ?? "")")
            #expect(row.placement?.hasPrefix("server ") == true, "\(label): \(row.placement ?? "none")")
            #expect(row.cpuMicrosecondsPerMessageReceiver != nil && row.roundTrip != nil, "\(label)")
            if row.cell.transport == .udp { #expect(row.lost == 0, "\(label): \(row.lost.map(String.init) ?? "nil") lost") }
        }
        #expect(run.summary.count == 3 && run.summary.allSatisfy { $0["pairs_ok"] == "1" }, "\(run.summary)")
    }
}

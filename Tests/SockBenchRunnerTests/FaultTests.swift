import Foundation
import Glibc
import ProcessProbe
@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchRunner
import Testing

/// Faults made real: a worker SIGKILLed or SIGSTOPped mid-measurement.
@Suite(.serialized) struct FaultTests {
    /// Which of `pids` still exist (as a process or an unreaped zombie).
    static func alive(_ pids: [pid_t]) -> [pid_t] {
        pids.filter { FileManager.default.fileExists(atPath: "/proc/\($0)") }
    }

    /// Measures on a background thread, applies `fault` to one worker once both exist, and
    /// returns the measurement plus the coordinator's socket directory.
    /// `victim`: which worker gets the signal (the pool lists the server first, then the client).
    static func measureWithFault(_ signal: Int32, cell: Cell, victim role: Role = .server) throws -> (CellMeasurement, String, Double, [pid_t]) {
        let coordinator = try Coordinator(executable: Coordinator.defaultWorkerExecutable(), idle: .os)
        let settings = MeasurementSettings(
            warmupNanoseconds: 50_000_000, extent: .duration(nanoseconds: 3_000_000_000), verify: true,
            idleTimeoutNanoseconds: 1_000_000_000
        )
        let start = Date()
        let measurement = BackgroundMeasurement(coordinator, cell: cell, settings: settings)
        var victims: [pid_t] = []
        ProcessProbe.waitUntil(seconds: 10) {
            victims = coordinator.activeWorkerPIDs
            return victims.count >= 2
        }
        #expect(victims.count >= 2)
        // Both workers hold their sockets once the measurement is set up; it starts at once, and
        // 200 ms later the fault lands well inside the 3 s measured interval (after 50 ms of warmup).
        #expect(ProcessProbe.waitUntilHoldingSockets(victims), "the workers set up the measurement")
        usleep(200_000)
        if victims.count >= 2 { kill(role == .server ? victims[0] : victims[1], signal) }
        let result = measurement.result()
        let elapsed = Date().timeIntervalSince(start)
        if signal == SIGSTOP { for victim in victims { kill(victim, SIGCONT) } }
        return (result, coordinator.socketDirectory, elapsed, victims)
    }

    @Test(arguments: [Transport.unix, .tcp])
    func killedWorkerGivesFailedRowAndLeavesNothing(transport: Transport) throws {
        let (m, directory, _, workers) = try Self.measureWithFault(SIGKILL, cell: Cell(transport: transport, pattern: .pingpong, sizeBytes: 64))
        #expect(m.status == .failed)
        let reason = m.error ?? ""
        #expect(reason.contains("pair 0"), "reason names the worker: \(reason)")
        #expect(Self.alive(workers).isEmpty, "no worker process is left")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty ?? true, "no socket file is left")
    }

    /// A SIGKILLed worker is named with its role, pair and pid and what happened to it, even when
    /// its peer noticed first (the client's ECONNRESET or end of file is the consequence, not the cause).
    @Test(arguments: [(Transport.tcp, Role.server), (.unix, .server), (.tcp, .client), (.unix, .client)])
    func aKilledWorkerIsNamedWithWhatHappenedToIt(transport: Transport, victim: Role) throws {
        let (m, _, _, workers) = try Self.measureWithFault(SIGKILL, cell: Cell(transport: transport, pattern: .pingpong, sizeBytes: 64), victim: victim)
        let reason = m.error ?? ""
        let pid = victim == .server ? workers[0] : workers[1]
        #expect(reason.hasPrefix("\(victim.rawValue) of pair 0 (pid \(pid)) was killed by SIGKILL"), "\(reason)")
        #expect(!reason.contains("signal 9") && !reason.contains("no its"), "\(reason)")
    }

    /// A SIGSTOPped worker is named, said to be stopped, and the wait that gave up on it has its length.
    @Test(arguments: [Role.server, .client])
    func aStoppedWorkerIsNamedAsStopped(victim: Role) throws {
        let (m, _, _, workers) = try Self.measureWithFault(SIGSTOP, cell: Cell(transport: .unix, pattern: .pingpong, sizeBytes: 64), victim: victim)
        let reason = m.error ?? ""
        let pid = victim == .server ? workers[0] : workers[1]
        #expect(reason.hasPrefix("\(victim.rawValue) of pair 0 (pid \(pid)) was stopped by SIGSTOP"), "\(reason)")
        #expect(reason.contains(" s") && reason.contains("killed"), "\(reason)")
        #expect(!reason.contains("no its") && !reason.contains("the deadline"), "\(reason)")
        #expect(Self.alive(workers).isEmpty)
    }

    @Test func stoppedWorkerIsKilledAfterTheIdleTimeout() throws {
        let (m, _, elapsed, workers) = try Self.measureWithFault(SIGSTOP, cell: Cell(transport: .unix, pattern: .stream, sizeBytes: 64))
        #expect(m.status == .failed)
        #expect(elapsed < 15, "bounded by timeouts, not hung")
        #expect(Self.alive(workers).isEmpty)
    }

    @Test func socketDirectoryIsPrivateAndRemoved() throws {
        var path = ""
        do {
            let coordinator = try Coordinator(executable: Coordinator.defaultWorkerExecutable(), idle: .os)
            path = coordinator.socketDirectory
            var info = stat()
            #expect(stat(path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o700)
        }
        #expect(access(path, F_OK) != 0)
    }
}

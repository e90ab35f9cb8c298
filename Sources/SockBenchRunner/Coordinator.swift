import CSockBench
import Foundation
import Synchronization
import SockBenchCore
import SockBenchModel

/// Runs measurements: keeps a worker process pair per pair index alive across measurements,
/// drives them over their control channels with a deadline on every wait, and turns their reports
/// into a `CellMeasurement`.
///
/// Workers are reused because starting two processes, loading the runtime and connecting costs
/// tens of milliseconds per measurement, which would otherwise decide how many short repetitions
/// fit into a time budget. Every measurement still gets new sockets (the repetitions stay
/// independent); a worker that failed, hung or died is killed and replaced by a fresh one.
public final class Coordinator: Sendable {
    public let executable: String
    public let socketDirectory: String
    /// Where the workers run when not both here (`--server-via`, `--server-address`, ...).
    public let hosts: HostPlacement?
    /// What each side's worker said about its host in its hello (the latest one started).
    private let seenHosts = Mutex<(client: HostInfo?, server: HostInfo?)>((nil, nil))
    public var serverHost: HostInfo? { seenHosts.withLock { $0.server } }
    public var clientHost: HostInfo? { seenHosts.withLock { $0.client } }
    /// The CPUs the workers may be pinned to: this process's affinity mask.
    let usableCPUs: [Int]
    /// The live workers, indexed by pair. Measurements run one at a time; the lock lets another
    /// thread read the pids (fault injection, diagnostics).
    private let pool = Mutex<[WorkerPair]>([])

    /// Pids of this coordinator's workers.
    public var activeWorkerPIDs: [pid_t] { pool.withLock { $0.flatMap { [$0.server.pid, $0.client.pid] } } }

    /// The sockbench binary that runs workers: this process itself when it is sockbench, else the
    /// `sockbench` built next to it (how test bundles find it).
    public static func defaultWorkerExecutable() -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let url = URL(fileURLWithPath: me)
        if url.lastPathComponent == "sockbench" { return me }
        return url.deletingLastPathComponent().appendingPathComponent("sockbench").path
    }

    /// The idle-state policy in force while this coordinator lives (`--idle`).
    public let idleStates: IdleStateHold
    /// CLOCK_MONOTONIC of the run's start: every measurement records its start and end relative to
    /// it (`started_ns`, `ended_ns`), so a run's drift over time can be seen and estimated.
    public let clockOrigin: UInt64

    /// `executable` is the sockbench binary that has the hidden `worker` command; `idle` says
    /// whether idle CPUs are held polling for as long as the coordinator lives.
    /// `clockOrigin`: the run's start on the monotonic clock (a resumed run passes its recorded
    /// one); nil is now.
    public init(executable: String, hosts: HostPlacement? = nil, idle: IdleStates, clockOrigin: UInt64? = nil) throws(SyscallError) {
        self.executable = executable
        self.hosts = hosts
        self.idleStates = IdleStateHold(idle)
        let now = MonotonicClock.nanoseconds()
        self.clockOrigin = min(clockOrigin ?? now, now)
        // A crashed or SIGKILLed coordinator cannot clean up after itself; the next one does.
        SocketDirectories.removeStale()
        // Private 0700 directory (mkdtemp) for unix socket files, removed in deinit. The pid in
        // its name tells a later run whether its owner is still alive.
        self.socketDirectory = try Sys.makeTemporaryDirectory(template: "\(SocketDirectories.prefix)\(getpid())-XXXXXX")
        self.usableCPUs = Sys.usableCPUs()
    }

    deinit {
        shutDownWorkers()
        removeSocketFiles()
        try? Sys.removeDirectory(socketDirectory)
    }

    /// Ends every pooled worker (EOF on its stdin, then SIGKILL after a grace period).
    public func shutDownWorkers() {
        for pair in pool.withLock({ pool in defer { pool = [] }; return pool }) {
            pair.client.terminate()
            pair.server.terminate()
        }
    }

    /// The first `count` pairs of the pool, started where missing or dead.
    func workers(_ count: Int) throws(WorkerFailure) -> [WorkerPair] {
        var pairs = pool.withLock { $0 }
        if pairs.contains(where: { !$0.client.isRunning || !$0.server.isRunning }) {
            killWorkers()
            pairs = []
        }
        while pairs.count < count {
            let server = try spawn(.server, pair: pairs.count)
            let client: WorkerProcess
            do throws(WorkerFailure) { client = try spawn(.client, pair: pairs.count) } catch {
                server.kill()
                throw error
            }
            pairs.append(WorkerPair(client: client, server: server))
            pool.withLock { [pairs] in $0 = pairs }
        }
        return Array(pairs.prefix(count))
    }

    func killWorkers() {
        for pair in pool.withLock({ pool in defer { pool = [] }; return pool }) {
            pair.client.kill()
            pair.server.kill()
        }
    }

    /// Measures `cell` once. Never throws: a failure becomes a failed row with its reason. The row
    /// records when it started and ended (since `clockOrigin`), and a cell with its own idle policy
    /// is measured under it whatever the run's `--idle` holds.
    public func measure(_ cell: Cell, repetition: Int, settings: MeasurementSettings) -> CellMeasurement {
        let started = MonotonicClock.nanoseconds()
        var measurement = idleStates.measuring(under: cell.idle) { measureOnce(cell, repetition: repetition, settings: settings) }
        measurement.startedNanoseconds = started &- clockOrigin
        measurement.endedNanoseconds = MonotonicClock.nanoseconds() &- clockOrigin
        return measurement
    }

    private func measureOnce(_ cell: Cell, repetition: Int, settings: MeasurementSettings) -> CellMeasurement {
        if cell.connections != nil { return measureConnections(cell, repetition: repetition, settings: settings) }
        defer { removeSocketFiles() }
        let counters = cell.transport.mayLoseMessages ? KernelCounters.udpReceiveBufferErrors(ipv6: cell.transport == .udp6) : nil
        do throws(WorkerFailure) {
            let workers = try self.workers(cell.pairs)
            let jobs = (0..<cell.pairs).map { jobsFor(cell, pair: $0, settings: settings) }
            let setupDeadline = MonotonicClock.nanoseconds() + 15_000_000_000 + connectTimeoutNanoseconds

            for (pair, job) in zip(workers, jobs) { try send(.configure(job.server), to: pair.server) }
            var serverEndpoints: [Endpoint] = []
            for pair in workers { serverEndpoints.append(try awaitReady(pair.server, deadline: setupDeadline)) }

            for (pair, (job, endpoint)) in zip(workers, zip(jobs, serverEndpoints)) {
                try send(.configure(job.client), to: pair.client)
                try send(.connect(server: endpoint), to: pair.client)
            }
            var clientEndpoints: [Endpoint] = []
            for pair in workers { clientEndpoints.append(try awaitReady(pair.client, deadline: setupDeadline)) }

            for (pair, clientEndpoint) in zip(workers, clientEndpoints) {
                try send(.start(peer: cell.transport.isDatagram ? clientEndpoint : nil), to: pair.server)
            }
            for pair in workers { try send(.start(peer: nil), to: pair.client) }

            let resultDeadline = MonotonicClock.nanoseconds() + settings.resultDeadlineNanoseconds
            var reports: [(client: WorkerResult, server: WorkerResult)] = []
            for pair in workers {
                let client = try awaitResult(pair.client, deadline: resultDeadline)
                let server = try awaitResult(pair.server, deadline: resultDeadline)
                reports.append((client, server))
            }
            var measurement = Aggregation.combine(cell: cell, repetition: repetition, reports: reports)
            if let counters, measurement.status == .ok {
                let after = KernelCounters.udpReceiveBufferErrors(ipv6: cell.transport == .udp6)
                measurement.kernelReceiveBufferDrops = after.map { max(0, $0 - counters) }
            }
            return measurement
        } catch {
            let failure = blame(error)
            // A worker's state after a failure is unknown: start the next measurement afresh.
            killWorkers()
            return CellMeasurement(cell: cell, repetition: repetition, failure: failure.description)
        }
    }

    /// What one worker reports is often the consequence of what happened to another (a killed
    /// server resets its client's connection; a stopped one lets it time out): when another worker of
    /// the pool ended or stopped, the failure names that one, and keeps the report as what followed.
    func blame(_ failure: WorkerFailure) -> WorkerFailure {
        // After Ctrl-C the measurement is not kept, and the workers may have had the signal too.
        guard !Interruption.requested, let reporter = failure.worker, case .said(let report) = failure.kind else { return failure }
        let pairs = pool.withLock { $0 }
        // The reporter's own peer first, then every other worker of the pool (a --connections server).
        let own: [WorkerProcess] = pairs.compactMap { pair in
            pair.client === reporter ? pair.server : pair.server === reporter ? pair.client : nil
        }
        let others: [WorkerProcess] = pairs.flatMap { [$0.server, $0.client] }.filter { $0 !== reporter }
        let peers = own + others
        // The peer's end reaches the reporter's socket a moment before the kernel reports the peer ended.
        let deadline = MonotonicClock.nanoseconds() + 200_000_000
        while true {
            for peer in peers {
                guard let fate = peer.state else { continue }
                let killed = fate.hasEnded ? "" : " and was killed"
                return WorkerFailure(peer, .happened("\(fate) during the measurement\(killed); \(reporter.name) then reported: \(report)"))
            }
            if MonotonicClock.nanoseconds() >= deadline { return failure }
            MonotonicClock.sleep(nanoseconds: 2_000_000)
        }
    }

    private func spawn(_ role: Role, pair: Int) throws(WorkerFailure) -> WorkerProcess {
        let via = role == .server ? hosts?.serverVia : hosts?.clientVia
        let binary = (role == .server ? hosts?.serverBinary : hosts?.clientBinary) ?? (via == nil ? executable : "sockbench")
        let label = via.map { "\(role.rawValue) worker (via '\($0)')" } ?? "\(role.rawValue) of pair \(pair)"
        let worker: WorkerProcess
        do {
            worker = try WorkerProcess(executable: binary, label: label, launcher: via.map(CommandWords.split) ?? [])
        } catch {
            let why = error.errno == .noSuchFile && via != nil ? "command not found" : "\(error)"
            throw WorkerFailure(general: "\(label): could not start: \(why)")
        }
        let hello = try awaitHello(worker)
        seenHosts.withLock { seen in
            switch role {
            case .server: seen.server = hello.host
            case .client: seen.client = hello.host
            }
        }
        return worker
    }

    private var connectTimeoutNanoseconds: UInt64 { hosts?.connectTimeoutNanoseconds ?? HostPlacement.defaultConnectTimeoutNanoseconds }

    /// Reads a new worker's hello and checks it is this sockbench. A launcher that fails (ssh exits
    /// 255, the namespace does not exist, the remote binary is missing) ends before saying hello:
    /// the failure names its exit status and the tail of its stderr.
    private func awaitHello(_ worker: WorkerProcess) throws(WorkerFailure) -> WorkerHello {
        let timeout = 15_000_000_000 + 2 * connectTimeoutNanoseconds
        let line: [UInt8]
        do {
            line = try worker.readLine(deadline: MonotonicClock.nanoseconds() + timeout)
        } catch {
            let why: String
            switch error {
            case .endOfFile:
                why = "the launcher \(worker.settle(nanoseconds: 200_000_000)?.description ?? "closed its output")"
            case .timedOut:
                why = "no hello within \(Self.seconds(timeout)) s; the launcher and everything it started were killed"
            default:
                why = "no hello: \(error)"
            }
            worker.kill()
            let tail = worker.standardErrorTail
            throw WorkerFailure(general: "\(worker.label): could not start: \(why)\(tail.isEmpty ? "" : "; stderr: \(tail)")")
        }
        if let problem = WorkerHello.mismatch(in: line, who: worker.label) {
            worker.kill()
            throw WorkerFailure(general: problem)
        }
        do {
            struct Envelope: Decodable { var hello: WorkerHello }
            return try ControlCodec.decode(Envelope.self, from: line).hello
        } catch {
            worker.kill()
            throw WorkerFailure(worker, .said("unreadable hello: \(error)"))
        }
    }

    /// Starts the first pair and checks both workers' versions before anything is measured, so a
    /// launcher that cannot start a worker, or a different sockbench elsewhere, stops the run with
    /// one line instead of failing every row.
    public func prepare() throws(WorkerStartError) {
        do {
            _ = try workers(1)
        } catch {
            throw WorkerStartError(description: error.description)
        }
    }

    func jobsFor(_ cell: Cell, pair: Int, settings: MeasurementSettings) -> (client: WorkerJob, server: WorkerJob) {
        let cores = cell.cpu.cores(pair: pair, usable: usableCPUs)
        func job(_ role: Role, cpu: Int?) -> WorkerJob {
            var job = WorkerJob(
                role: role, transport: cell.transport, pattern: cell.pattern, sizeBytes: cell.sizeBytes,
                options: cell.options, warmupNanoseconds: settings.warmupNanoseconds, extent: settings.extent,
                verify: settings.verify, cpu: cpu, socketDirectory: socketDirectory, pairIndex: pair,
                idleTimeoutNanoseconds: settings.idleTimeoutNanoseconds,
                engine: cell.engine ?? .swift
            )
            job.batch = cell.batch ?? 1
            job.replySizeBytes = cell.replySizeBytes
            job.writes = cell.writes ?? 1
            job.replyWrites = cell.replyWrites ?? 1
            job.splitStyle = cell.splitWrite ?? .plain
            job.quickAck = cell.quickAck ?? false
            job.busyPollMicroseconds = cell.busyPollMicroseconds
            job.zeroCopy = cell.zeroCopy ?? false
            job.keepAlive = cell.keepAlive
            if let timeout = settings.socketTimeoutNanoseconds { job.socketTimeoutNanoseconds = timeout }
            job.ratePerSecond = cell.ratePerSecond
            job.burst = cell.burst ?? 1
            job.sizeDistribution = cell.sizeDistribution
            job.connectTimeoutNanoseconds = connectTimeoutNanoseconds
            if role == .server {
                job.bindAddress = hosts?.serverAddress
                job.port = UInt16(clamping: hosts?.serverPort ?? 0)
            }
            return job
        }
        return (job(.client, cpu: cores.client), job(.server, cpu: cores.server))
    }

    func send(_ request: ControlRequest, to worker: WorkerProcess) throws(WorkerFailure) {
        do {
            try worker.send(request)
        } catch {
            guard let fate = worker.settle(nanoseconds: 100_000_000) else { throw WorkerFailure(worker, .said("its control channel broke")) }
            throw WorkerFailure(worker, .happened("\(fate); its control channel broke"))
        }
    }

    func awaitReady(_ worker: WorkerProcess, deadline: UInt64) throws(WorkerFailure) -> Endpoint {
        switch try awaitReply(worker, deadline: deadline, waitingFor: "ready message") {
        case .ready(let endpoint): return endpoint
        case .failed(let reason): throw WorkerFailure(worker, .said(reason))
        case .result: throw WorkerFailure(worker, .said("sent a result before it was started"))
        }
    }

    func awaitResult(_ worker: WorkerProcess, deadline: UInt64) throws(WorkerFailure) -> WorkerResult {
        switch try awaitReply(worker, deadline: deadline, waitingFor: "result") {
        case .result(let result): return result
        case .failed(let reason): throw WorkerFailure(worker, .said(reason))
        case .ready: throw WorkerFailure(worker, .said("sent ready twice"))
        }
    }

    /// The worker's next reply; `what` names it in a failure ("result": `sent no result within 4.2 s`).
    private func awaitReply(_ worker: WorkerProcess, deadline: UInt64, waitingFor what: String) throws(WorkerFailure) -> ControlReply {
        let started = MonotonicClock.nanoseconds()
        do {
            let line = try worker.readLine(deadline: deadline)
            return try ControlCodec.decode(ControlReply.self, from: line)
        } catch .timedOut {
            let waited = Self.seconds(MonotonicClock.nanoseconds() &- started)
            let stopped = worker.state.map { "\($0) and " } ?? ""
            worker.kill()
            throw WorkerFailure(worker, .happened("\(stopped)sent no \(what) within \(waited) s; it was killed"))
        } catch .endOfFile {
            // Give the kernel a moment to report how it ended.
            let fate = worker.settle(nanoseconds: 100_000_000)?.description ?? "closed its control channel"
            throw WorkerFailure(worker, .happened("\(fate) before sending its \(what)"))
        } catch {
            throw WorkerFailure(worker, .said(error.description))
        }
    }

    /// Nanoseconds as seconds for a failure message: `4.2`, `25`.
    static func seconds(_ nanoseconds: UInt64) -> String {
        let value = Double(nanoseconds) / 1e9
        return value >= 10 || value == value.rounded() ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }

    /// Removes socket files a killed worker could not unlink.
    func removeSocketFiles() {
        SocketDirectories.removeFiles(in: socketDirectory)
    }
}

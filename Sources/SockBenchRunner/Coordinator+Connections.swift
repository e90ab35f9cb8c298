import SockBenchCore
import SockBenchModel

extension Coordinator {
    /// How many client processes a `--connections` cell uses: at most one per connection, and with
    /// `--count N` at most N (each process measures a share of the N round trips). With `--threads`
    /// the threads are the unit of scale: one client process unless `--client-processes` says more.
    public static func clientProcesses(connections: Int, threaded: Bool = false, settings: MeasurementSettings) -> Int {
        var processes = min(connections, settings.clientProcesses ?? (threaded ? 1 : Sys.usableCPUs().count))
        if case .count(let total) = settings.extent { processes = min(processes, total) }
        return max(1, processes)
    }

    /// Process `index`'s share of `total` spread over `processes` as evenly as whole numbers go.
    static func share(_ total: Int, index: Int, of processes: Int) -> Int {
        total / processes + (index < total % processes ? 1 : 0)
    }

    /// Measures a `--connections` cell: the server of pooled pair 0 serves every connection with
    /// one epoll loop; the clients of pairs 0..<K each open and drive their share.
    func measureConnections(_ cell: Cell, repetition: Int, settings: MeasurementSettings) -> CellMeasurement {
        defer { removeSocketFiles() }
        let total = cell.connections ?? 1
        let processes = Self.clientProcesses(connections: total, threaded: cell.threads != nil, settings: settings)
        let placement = cell.threads.map { _ in ThreadPlacement(cell: cell, clientProcesses: processes, usable: usableCPUs) }
        do throws(WorkerFailure) {
            let workers = try self.workers(processes)
            let setupDeadline = MonotonicClock.nanoseconds() + 15_000_000_000
            var serverJob = jobsFor(cell, pair: 0, settings: settings).server
            serverJob.connections = total
            serverJob.cpu = nil
            serverJob.threads = cell.threads ?? 1
            serverJob.threadCores = placement?.server
            let server = workers[0].server
            try send(.configure(serverJob), to: server)
            let endpoint = try awaitReady(server, deadline: setupDeadline)
            for (index, pair) in workers.enumerated() {
                var job = jobsFor(cell, pair: index, settings: settings).client
                job.connections = Self.share(total, index: index, of: processes)
                // --count is the cell's total of round trips, not each process's: the total must not
                // depend on how many processes (by default, cores) the clients run in.
                if case .count(let count) = settings.extent { job.extent = .count(Self.share(count, index: index, of: processes)) }
                job.cpu = nil
                job.threads = cell.threads ?? 1
                job.threadCores = placement?.clients?[index]
                try send(.configure(job), to: pair.client)
                try send(.connect(server: endpoint), to: pair.client)
            }
            for pair in workers { _ = try awaitReady(pair.client, deadline: setupDeadline) }
            // The server accepts from its loop while the clients connect, so it starts first.
            try send(.start(peer: nil), to: server)
            for pair in workers { try send(.start(peer: nil), to: pair.client) }

            let connectAllowance = UInt64(total) * 1_000_000  // up to 1 ms per connection to set up
            let resultDeadline = MonotonicClock.nanoseconds() + settings.resultDeadlineNanoseconds + connectAllowance
            var clients: [WorkerResult] = []
            for pair in workers { clients.append(try awaitResult(pair.client, deadline: resultDeadline)) }
            let serverResult = try awaitResult(server, deadline: resultDeadline)
            var measurement = Aggregation.combineConnections(cell: cell, repetition: repetition, clients: clients, server: serverResult)
            measurement.placement = placement?.description
            return measurement
        } catch {
            let failure = blame(error)
            killWorkers()
            return CellMeasurement(cell: cell, repetition: repetition, failure: failure.description)
        }
    }
}

import Histogram
import SockBenchCore
import SockBenchModel

extension Aggregation {
    /// A `--connections` measurement: rates summed over the client processes (each over its own
    /// interval), round trips merged, fairness over every connection, and the one server's CPU
    /// per message it echoed.
    public static func combineConnections(cell: Cell, repetition: Int, clients: [WorkerResult], server: WorkerResult) -> CellMeasurement {
        var m = CellMeasurement(cell: cell, repetition: repetition)
        m.sendBufferEffective = clients.first?.effectiveBuffers.sendBufferBytes
        m.receiveBufferEffective = server.effectiveBuffers.receiveBufferBytes
        let (roundTrips, rate, seconds) = threadRates(clients)
        var counts: [Int] = []
        var clientMicroseconds = 0
        var switches = 0
        var lost: Int?
        for client in clients {
            counts += client.connectionCounts ?? []
            clientMicroseconds += Int(client.cpu.totalMicroseconds)
            switches += Int(client.cpu.contextSwitches)
            if let dropped = client.lostRoundTrips { lost = (lost ?? 0) + dropped }
        }
        guard roundTrips > 0 else {
            return CellMeasurement(cell: cell, repetition: repetition, failure: "the clients measured no round trips after their warmup")
        }
        m.messages = roundTrips * 2
        m.bytes = m.messages * cell.sizeBytes
        m.seconds = seconds
        m.roundTripsPerSecond = rate
        m.messagesPerSecond = rate * 2
        m.megabytesPerSecond = rate * 2 * Double(cell.sizeBytes) / 1e6
        m.histogram = merge(clients.compactMap(\.histogram))
        m.roundTrip = summary(m.histogram)
        m.connectionRoundTrips = ConnectionFairness(counts: counts)
        // Each echo answers a request: two messages per echo, as the aggregate counts them.
        if cell.threads != nil { m.threadRates = ThreadFairness(rates: (server.threadTallies ?? []).map { $0.perSecond * 2 }) }
        // Datagram transports: echoes that never came (the request or the echo was dropped).
        m.lost = lost
        m.cpuMicrosecondsPerMessageSender = Double(clientMicroseconds) / Double(m.messages)
        // The server's CPU covers its whole loop (accepting, warmup, run): over every echo it sent.
        if server.messages > 0 { m.cpuMicrosecondsPerMessageReceiver = Double(server.cpu.totalMicroseconds) / Double(server.messages) }
        m.contextSwitchesPerMessage = Double(switches + Int(server.cpu.contextSwitches)) / Double(m.messages)
        if let threads = cell.threads, let served = server.threadTallies?.count, served != threads {
            m.status = .failed
            m.error = "\(served) of \(threads) server threads reported"
        }
        if let connections = cell.connections, counts.count != connections {
            m.status = .failed
            m.error = "\(counts.count) of \(connections) connections reported"
        }
        return m
    }

    /// `rates` over every client thread: a threaded client's rate is the sum of its threads', each
    /// over its own measured window, as pairs are summed.
    static func threadRates(_ clients: [WorkerResult]) -> (messages: Int, perSecond: Double, seconds: Double) {
        var total = (messages: 0, perSecond: 0.0, seconds: 0.0)
        for client in clients {
            guard let tallies = client.threadTallies else {
                let single = rates([client])
                total = (total.messages + single.messages, total.perSecond + single.perSecond, max(total.seconds, single.seconds))
                continue
            }
            for tally in tallies {
                total.messages += tally.messages
                total.perSecond += tally.perSecond
                total.seconds = max(total.seconds, Double(tally.elapsedNanoseconds) / 1e9)
            }
        }
        return total
    }
}

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
        let (roundTrips, rate, seconds) = rates(clients)
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
        // Datagram transports: echoes that never came (the request or the echo was dropped).
        m.lost = lost
        m.cpuMicrosecondsPerMessageSender = Double(clientMicroseconds) / Double(m.messages)
        // The server's CPU covers its whole loop (accepting, warmup, run): over every echo it sent.
        if server.messages > 0 { m.cpuMicrosecondsPerMessageReceiver = Double(server.cpu.totalMicroseconds) / Double(server.messages) }
        m.contextSwitchesPerMessage = Double(switches + Int(server.cpu.contextSwitches)) / Double(m.messages)
        if let connections = cell.connections, counts.count != connections {
            m.status = .failed
            m.error = "\(counts.count) of \(connections) connections reported"
        }
        return m
    }
}

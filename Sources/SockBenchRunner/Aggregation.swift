import Histogram
import SockBenchCore
import SockBenchModel

/// Turns the workers' reports of one measurement into a `CellMeasurement` row.
///
/// Rates are summed over pairs (each pair's count over its own interval); `seconds` is the longest
/// pair's interval. Ping-pong counts 2 messages per round trip (request and reply) and the bytes of
/// both (`--size` + `--reply-size`); with `--size-dist` the bytes are what the workers counted,
/// message by message (`payloadBytes`). CPU per message is
/// a worker's CPU time over the measured interval divided by the messages counted.
public enum Aggregation {
    public static func combine(cell: Cell, repetition: Int, reports: [(client: WorkerResult, server: WorkerResult)]) -> CellMeasurement {
        var m = CellMeasurement(cell: cell, repetition: repetition)
        guard let first = reports.first else { return CellMeasurement(cell: cell, repetition: repetition, failure: "no pairs") }
        m.sendBufferEffective = first.client.effectiveBuffers.sendBufferBytes
        m.receiveBufferEffective = first.server.effectiveBuffers.receiveBufferBytes
        addKnobs(&m, reports: reports)

        let verifyErrors = reports.reduce(0) { $0 + $1.client.verifyErrors + $1.server.verifyErrors }
        let senderCPU = reports.reduce(CPUUsage()) { $0 + $1.client.cpu }
        let receiverCPU = reports.reduce(CPUUsage()) { $0 + $1.server.cpu }

        switch cell.pattern {
        case .pingpong:
            combinePingPong(&m, cell: cell, reports: reports)
        case .connect:
            combineConnect(&m, cell: cell, reports: reports)
        case .stream:
            guard combineStream(&m, cell: cell, reports: reports) else {
                return CellMeasurement(cell: cell, repetition: repetition, failure: "the receiver measured no messages after its warmup")
            }
        case .rr:
            combineOpenLoop(&m, reports: reports)
        }
        if m.messages > 0 {
            let count = Double(m.messages)
            m.cpuMicrosecondsPerMessageSender = Double(senderCPU.totalMicroseconds) / count
            m.cpuMicrosecondsPerMessageReceiver = Double(receiverCPU.totalMicroseconds) / count
            m.contextSwitchesPerMessage = Double(senderCPU.contextSwitches + receiverCPU.contextSwitches) / count
        }
        if cell.pattern == .connect {
            // The server also served the warmup: its CPU over its own count of transactions.
            let served = reports.reduce(0) { $0 + $1.server.messages }
            m.cpuMicrosecondsPerMessageReceiver = served > 0 ? Double(receiverCPU.totalMicroseconds) / Double(served) : nil
        }
        if verifyErrors > 0 {
            m.status = .failed
            m.error = "verify: \(verifyErrors) messages differed from what was sent"
        }
        return m
    }

    /// Ping-pong: a round trip is 2 messages, request and reply, of `--size` and `--reply-size`
    /// bytes; the histogram holds every pair's round trips.
    private static func combinePingPong(_ m: inout CellMeasurement, cell: Cell, reports: [(client: WorkerResult, server: WorkerResult)]) {
        let merged = merge(reports.compactMap(\.client.histogram))
        let (roundTrips, roundTripRate, seconds) = rates(reports.map(\.client))
        m.messages = roundTrips * 2
        m.bytes = roundTrips * cell.bytesPerExchange
        m.seconds = seconds
        m.roundTripsPerSecond = roundTripRate
        m.messagesPerSecond = roundTripRate * 2
        m.megabytesPerSecond = roundTripRate * Double(cell.bytesPerExchange) / 1e6
        if let counted = byteRate(reports.map(\.client)) { (m.bytes, m.megabytesPerSecond) = (counted.bytes, counted.perSecond / 1e6) }
        m.histogram = merged
        m.roundTrip = summary(merged)
        let outOfRange = reports.reduce(0) { $0 + $1.client.outOfRangeSamples }
        if outOfRange > 0 { m.note = .outOfHistogramRange(roundTrips: outOfRange) }
    }

    /// A stream counts what the receivers got; datagrams also what was lost, reordered or
    /// duplicated in the measured window. False when no receiver measured a message.
    private static func combineStream(_ m: inout CellMeasurement, cell: Cell, reports: [(client: WorkerResult, server: WorkerResult)]) -> Bool {
        let (messages, rate, seconds) = rates(reports.map(\.server))
        var lost = 0
        var reordered = 0
        var duplicated = 0
        for report in reports {
            if let sequence = report.server.sequence, let lastSent = report.client.lastSequenceSent {
                let sentInWindow = lastSent >= sequence.firstSequence ? Int(lastSent - sequence.firstSequence) : 0
                lost += max(0, sentInWindow - sequence.uniqueReceived)
                reordered += sequence.reordered
                duplicated += sequence.duplicated
            }
        }
        m.messages = messages
        m.bytes = messages * cell.sizeBytes
        m.seconds = seconds
        m.messagesPerSecond = rate
        m.megabytesPerSecond = rate * Double(cell.sizeBytes) / 1e6
        if let counted = byteRate(reports.map(\.server)) { (m.bytes, m.megabytesPerSecond) = (counted.bytes, counted.perSecond / 1e6) }
        if cell.transport.isDatagram {
            m.lost = lost
            m.reordered = reordered
            m.duplicated = duplicated
        }
        if messages == 0 || seconds == 0 { return false }
        if cell.ratePerSecond != nil { addOneWay(&m, reports: reports) }
        return true
    }

    /// The connect pattern: a message is a transaction (connect, request, reply, close); the
    /// histogram holds whole transactions and `connectTime` connect() alone.
    private static func combineConnect(_ m: inout CellMeasurement, cell: Cell, reports: [(client: WorkerResult, server: WorkerResult)]) {
        let merged = merge(reports.compactMap(\.client.histogram))
        let connects = merge(reports.compactMap(\.client.connectHistogram))
        let (transactions, rate, seconds) = rates(reports.map(\.client))
        m.messages = transactions
        m.bytes = transactions * cell.sizeBytes * 2
        m.seconds = seconds
        m.messagesPerSecond = rate
        m.roundTripsPerSecond = rate
        m.megabytesPerSecond = rate * 2 * Double(cell.sizeBytes) / 1e6
        m.histogram = merged
        m.roundTrip = summary(merged)
        m.connectTime = summary(connects)
    }

    /// The workers' histograms added into one; nil when there is none.
    static func merge(_ histograms: [Histogram<UInt64>]) -> Histogram<UInt64>? {
        guard var merged = histograms.first else { return nil }
        for histogram in histograms.dropFirst() { merged.add(histogram) }
        return merged
    }

    /// The percentiles of a merged histogram; nil when it holds no value.
    static func summary(_ histogram: Histogram<UInt64>?) -> RoundTripSummary? {
        histogram.flatMap { $0.totalCount > 0 ? RoundTripSummary($0) : nil }
    }

    /// `--size-dist`: the bytes the workers counted, summed over pairs, and the summed per-pair byte
    /// rates (as `rates` sums messages); nil when a worker counted none (fixed sizes).
    static func byteRate(_ results: [WorkerResult]) -> (bytes: Int, perSecond: Double)? {
        var total = (bytes: 0, perSecond: 0.0)
        for result in results {
            guard let bytes = result.payloadBytes else { return nil }
            let elapsed = Double(result.elapsedNanoseconds) / 1e9
            total.bytes += bytes
            if elapsed > 0 { total.perSecond += Double(bytes) / elapsed }
        }
        return results.isEmpty ? nil : total
    }

    /// Messages summed over pairs, the summed per-pair rates, and the longest interval (seconds).
    static func rates(_ results: [WorkerResult]) -> (messages: Int, perSecond: Double, seconds: Double) {
        var total = (messages: 0, perSecond: 0.0, seconds: 0.0)
        for result in results {
            let elapsed = Double(result.elapsedNanoseconds) / 1e9
            total.messages += result.messages
            if elapsed > 0 { total.perSecond += Double(result.messages) / elapsed }
            total.seconds = max(total.seconds, elapsed)
        }
        return total
    }
}

import Histogram
import SockBenchCore
import SockBenchModel

/// Turns the workers' reports of one measurement into a `CellMeasurement` row.
///
/// Rates are summed over pairs (each pair's count over its own interval); `seconds` is the longest
/// pair's interval. Ping-pong counts 2 messages per round trip (request and reply) and the bytes of
/// both (`--size` + `--reply-size`). CPU per message is
/// a worker's CPU time over the measured interval divided by the messages counted.
public enum Aggregation {
    public static func combine(cell: Cell, repetition: Int, reports: [(client: WorkerResult, server: WorkerResult)]) -> CellMeasurement {
        var m = CellMeasurement(cell: cell, repetition: repetition)
        guard let first = reports.first else { return CellMeasurement(cell: cell, repetition: repetition, failure: "no pairs") }
        m.sendBufferEffective = first.client.effectiveBuffers.sendBufferBytes
        m.receiveBufferEffective = first.server.effectiveBuffers.receiveBufferBytes

        let verifyErrors = reports.reduce(0) { $0 + $1.client.verifyErrors + $1.server.verifyErrors }
        var senderCPU = CPUUsage()
        var receiverCPU = CPUUsage()
        for report in reports {
            senderCPU = add(senderCPU, report.client.cpu)
            receiverCPU = add(receiverCPU, report.server.cpu)
        }

        switch cell.pattern {
        case .pingpong:
            var merged: Histogram<UInt64>?
            let (roundTrips, roundTripRate, seconds) = rates(reports.map(\.client))
            for report in reports {
                if let histogram = report.client.histogram {
                    if merged == nil { merged = histogram } else { merged!.add(histogram) }
                }
            }
            m.messages = roundTrips * 2
            m.bytes = roundTrips * cell.bytesPerExchange
            m.seconds = seconds
            m.roundTripsPerSecond = roundTripRate
            m.messagesPerSecond = roundTripRate * 2
            m.megabytesPerSecond = roundTripRate * Double(cell.bytesPerExchange) / 1e6
            m.histogram = merged
            m.roundTrip = merged.flatMap { $0.totalCount > 0 ? RoundTripSummary($0) : nil }
            let outOfRange = reports.reduce(0) { $0 + $1.client.outOfRangeSamples }
            if outOfRange > 0 { m.error = "\(outOfRange) round trips over 60 s were not in the histogram" }
        case .connect:
            combineConnect(&m, cell: cell, reports: reports)
        case .stream:
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
            if cell.transport.isDatagram {
                m.lost = lost
                m.reordered = reordered
                m.duplicated = duplicated
            }
            if messages == 0 || seconds == 0 {
                return CellMeasurement(cell: cell, repetition: repetition, failure: "the receiver measured no messages after its warmup")
            }
            if cell.ratePerSecond != nil { addOneWay(&m, reports: reports) }
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

    /// The connect pattern: a message is a transaction (connect, request, reply, close); the
    /// histogram holds whole transactions and `connectTime` connect() alone.
    private static func combineConnect(_ m: inout CellMeasurement, cell: Cell, reports: [(client: WorkerResult, server: WorkerResult)]) {
        var merged: Histogram<UInt64>?
        var connects: Histogram<UInt64>?
        for report in reports {
            if let h = report.client.histogram { if merged == nil { merged = h } else { merged!.add(h) } }
            if let h = report.client.connectHistogram { if connects == nil { connects = h } else { connects!.add(h) } }
        }
        let (transactions, rate, seconds) = rates(reports.map(\.client))
        m.messages = transactions
        m.bytes = transactions * cell.sizeBytes * 2
        m.seconds = seconds
        m.messagesPerSecond = rate
        m.roundTripsPerSecond = rate
        m.megabytesPerSecond = rate * 2 * Double(cell.sizeBytes) / 1e6
        m.histogram = merged
        m.roundTrip = merged.flatMap { $0.totalCount > 0 ? RoundTripSummary($0) : nil }
        m.connectTime = connects.flatMap { $0.totalCount > 0 ? RoundTripSummary($0) : nil }
    }

    /// Messages summed over pairs, the summed per-pair rates, and the longest interval (seconds).
    private static func rates(_ results: [WorkerResult]) -> (messages: Int, perSecond: Double, seconds: Double) {
        var total = (messages: 0, perSecond: 0.0, seconds: 0.0)
        for result in results {
            let elapsed = Double(result.elapsedNanoseconds) / 1e9
            total.messages += result.messages
            if elapsed > 0 { total.perSecond += Double(result.messages) / elapsed }
            total.seconds = max(total.seconds, elapsed)
        }
        return total
    }

    private static func add(_ a: CPUUsage, _ b: CPUUsage) -> CPUUsage {
        CPUUsage(
            userMicroseconds: a.userMicroseconds + b.userMicroseconds,
            systemMicroseconds: a.systemMicroseconds + b.systemMicroseconds,
            voluntarySwitches: a.voluntarySwitches + b.voluntarySwitches,
            involuntarySwitches: a.involuntarySwitches + b.involuntarySwitches
        )
    }
}

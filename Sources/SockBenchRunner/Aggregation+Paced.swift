import Histogram
import SockBenchCore
import SockBenchModel

extension Aggregation {
    /// Paced streams: merges the receivers' one-way histograms, counts loss from the first measured
    /// sequence number inclusive (the paced receiver has no boundary message), and notes when the
    /// achieved rate fell short of the offered one.
    static func addOneWay(_ m: inout CellMeasurement, reports: [(client: WorkerResult, server: WorkerResult)]) {
        m.oneWayHistogram = merge(reports.compactMap(\.server.oneWay))
        m.oneWayActualHistogram = merge(reports.compactMap(\.server.oneWayActual))
        m.oneWay = summary(m.oneWayHistogram)
        m.oneWayActual = summary(m.oneWayActualHistogram)
        (m.halves, m.windows) = windows(reports.map(\.server))
        if m.cell.transport.isDatagram {
            var lost = 0
            for report in reports {
                if let sequence = report.server.sequence, let lastSent = report.client.lastSequenceSent, lastSent >= sequence.firstSequence {
                    lost += max(0, Int(lastSent - sequence.firstSequence) + 1 - sequence.uniqueReceived)
                }
            }
            m.lost = lost
        }
        noteShortfall(&m, achieved: m.messagesPerSecond)
    }

    /// Open-loop request/response: round trips timed from intended send times (the rtt columns) and
    /// from actual send times (the owl_actual columns hold them for rr).
    static func combineOpenLoop(_ m: inout CellMeasurement, reports: [(client: WorkerResult, server: WorkerResult)]) {
        let (roundTrips, perSecond, seconds) = rates(reports.map(\.client))
        guard roundTrips > 0, seconds > 0 else {
            m = CellMeasurement(cell: m.cell, repetition: m.repetition, failure: "no reply arrived after the warmup")
            return
        }
        m.messages = roundTrips * 2
        // Request and reply bytes both ways (`--reply-size` makes them differ).
        m.bytes = roundTrips * m.cell.bytesPerExchange
        m.seconds = seconds
        m.roundTripsPerSecond = perSecond
        m.messagesPerSecond = perSecond * 2
        m.megabytesPerSecond = perSecond * Double(m.cell.bytesPerExchange) / 1e6
        m.histogram = merge(reports.compactMap(\.client.histogram))
        m.roundTrip = summary(m.histogram)
        m.oneWayActualHistogram = merge(reports.compactMap(\.client.oneWayActual))
        m.oneWayActual = summary(m.oneWayActualHistogram)
        (m.halves, m.windows) = windows(reports.map(\.client))
        if m.cell.transport.isDatagram {
            var lost = 0
            for report in reports {
                if let last = report.client.lastSequenceSent { lost += max(0, Int(last) + 1 - Int(report.server.messages)) }
            }
            m.lost = lost
        }
        noteShortfall(&m, achieved: perSecond)
    }

    /// The warning the issue asks for: a rate the sender could not reach is measured, not refused.
    static func noteShortfall(_ m: inout CellMeasurement, achieved: Double?) {
        guard let offered = m.cell.ratePerSecond, let achieved, m.error == nil, m.note == nil else { return }
        let pairsOffered = Double(offered * m.cell.pairs)
        if achieved < 0.99 * pairsOffered {
            m.note = .fellBehind(achievedPerSecond: Int(achieved.rounded()), offeredPerSecond: offered * m.cell.pairs)
        }
    }

    /// Each window merged over the pairs, and the halves (the first and the last half of the
    /// windows); halves nil when either is empty (a count extent has only its first window).
    static func windows(_ results: [WorkerResult]) -> (LatencyHalves?, [RoundTripSummary]?) {
        let perWorker = results.compactMap(\.intendedWindows)
        guard let count = perWorker.map(\.count).max(), count > 0 else { return (nil, nil) }
        let merged = (0..<count).map { window in merge(perWorker.compactMap { $0.indices.contains(window) ? $0[window] : nil }) }
        let windows = merged.compactMap { $0 }.filter { $0.totalCount > 0 }.map(RoundTripSummary.init)
        let half = count / 2
        guard let early = merge(merged[..<half].compactMap { $0 }), let late = merge(merged[half...].compactMap { $0 }),
              early.totalCount > 0, late.totalCount > 0 else { return (nil, windows) }
        return (LatencyHalves(early: RoundTripSummary(early), late: RoundTripSummary(late)), windows)
    }
}

import Histogram
import SockBenchCore

/// One measurement of one cell: a row of measurements.csv.
public struct CellMeasurement: Codable, Sendable {
    public enum Status: String, Codable, Sendable { case ok, failed }

    public var cell: Cell
    public var repetition: Int
    public var status: Status
    /// Why the measurement failed (status failed).
    public var error: String?
    /// What to know about a measurement that succeeded.
    public var note: MeasurementNote?
    public var sendBufferEffective: Int?
    public var receiveBufferEffective: Int?
    /// Messages in the measured interval. Ping-pong counts 2 per round trip (request and echo).
    public var messages: Int
    public var bytes: Int
    public var seconds: Double
    public var messagesPerSecond: Double?
    /// 10^6 bytes per second.
    public var megabytesPerSecond: Double?
    public var roundTripsPerSecond: Double?
    public var roundTrip: RoundTripSummary?
    public var lost: Int?
    public var reordered: Int?
    public var duplicated: Int?
    public var cpuMicrosecondsPerMessageSender: Double?
    public var cpuMicrosecondsPerMessageReceiver: Double?
    public var contextSwitchesPerMessage: Double?
    /// UDP only: growth of the kernel's receive-buffer drop counter during the measurement.
    public var kernelReceiveBufferDrops: Int?
    /// Merged round-trip histogram (ns) of all pairs; written as .hgrm, not to the CSV.
    public var histogram: Histogram<UInt64>?
    /// Connect pattern: connect() alone (ns), while `roundTrip` summarizes whole transactions.
    public var connectTime: RoundTripSummary?
    /// `--connections`: fairness, the min, median and max of round trips measured per connection.
    public var connectionRoundTrips: ConnectionFairness?
    /// Paced streams: one-way latency from the intended send time (coordinated-omission free), µs.
    public var oneWay: RoundTripSummary?
    /// Paced streams: one-way latency from the actual send time; rr: round trips from the actual send time.
    public var oneWayActual: RoundTripSummary?
    /// Merged histograms (ns) behind `oneWay` and `oneWayActual`; written as .hgrm, not to the CSV.
    public var oneWayHistogram: Histogram<UInt64>?
    public var oneWayActualHistogram: Histogram<UInt64>?
    /// When the measurement started and ended (workers configured to result received), in
    /// nanoseconds since the run began (run.json `monotonicOriginNanoseconds`, wall clock `startTime`).
    public var startedNanoseconds: UInt64?
    public var endedNanoseconds: UInt64?
    /// Paced stream and rr: the latency from the intended send time of each half of the interval (`load`'s backlog test).
    public var halves: LatencyHalves?
    /// Paced stream and rr: the same latency in each window of the interval (`WindowedCounts`), in time order, empty windows left out.
    public var windows: [RoundTripSummary]?

    public init(cell: Cell, repetition: Int, failure: String) {
        self.cell = cell
        self.repetition = repetition
        self.status = .failed
        self.error = failure
        self.messages = 0
        self.bytes = 0
        self.seconds = 0
    }

    public init(cell: Cell, repetition: Int) {
        self.cell = cell
        self.repetition = repetition
        self.status = .ok
        self.messages = 0
        self.bytes = 0
        self.seconds = 0
    }
}

/// How evenly the connections of a `--connections` cell were served: round trips per connection.
public struct ConnectionFairness: Codable, Sendable, Hashable {
    public var minimum: Int
    public var median: Int
    public var maximum: Int

    public init(minimum: Int, median: Int, maximum: Int) {
        self.minimum = minimum
        self.median = median
        self.maximum = maximum
    }

    /// From every connection's count; nil when there are none.
    public init?(counts: [Int]) {
        guard !counts.isEmpty else { return nil }
        let sorted = counts.sorted()
        self.init(minimum: sorted[0], median: sorted[sorted.count / 2], maximum: sorted[sorted.count - 1])
    }
}

extension CellMeasurement {
    /// The error column of measurements.csv: a failed row's error, a good row's note.
    public var errorColumn: String? { error ?? note?.description }

    /// A paced measurement that finished but did not reach its offered rate.
    public var fellBehind: Bool {
        guard status == .ok, cell.ratePerSecond != nil, case .fellBehind = note else { return false }
        return true
    }
}

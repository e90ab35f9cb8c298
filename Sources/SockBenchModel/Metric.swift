import Histogram
import SockBenchCore

/// A metric summarized per cell. The raw value is its name in summary.csv, baseline.json and
/// thresholds files (`msg_per_s`); everywhere else a metric is named by its case.
public enum Metric: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable {
    case messagesPerSecond = "msg_per_s"
    case megabytesPerSecond = "mb_per_s"
    case roundTripsPerSecond = "rtt_per_s"
    case roundTripP50 = "rtt_p50_us"
    case roundTripP90 = "rtt_p90_us"
    case roundTripP99 = "rtt_p99_us"
    case roundTripP999 = "rtt_p999_us"
    case roundTripMaximum = "rtt_max_us"
    case cpuPerMessageSender = "cpu_us_per_msg_sender"
    case cpuPerMessageReceiver = "cpu_us_per_msg_receiver"
    case contextSwitchesPerMessage = "ctx_switches_per_msg"
    case lost
    /// connect() time of the connect pattern (a connection per transaction), median of each repetition.
    case connectP50 = "connect_p50_us"
    case oneWayP50 = "owl_p50_us"
    case oneWayP90 = "owl_p90_us"
    case oneWayP99 = "owl_p99_us"
    case oneWayP999 = "owl_p999_us"
    case oneWayMaximum = "owl_max_us"
    case oneWayActualP50 = "owl_actual_p50_us"
    case oneWayActualP90 = "owl_actual_p90_us"
    case oneWayActualP99 = "owl_actual_p99_us"
    case oneWayActualP999 = "owl_actual_p999_us"
    case oneWayActualMaximum = "owl_actual_max_us"

    /// The unit of the metric's values.
    public var unit: String {
        switch self {
        case .messagesPerSecond: "msg/s"
        case .megabytesPerSecond: "MB/s (10^6 bytes per second)"
        case .roundTripsPerSecond: "round trips/s"
        case .roundTripP50, .roundTripP90, .roundTripP99, .roundTripP999, .roundTripMaximum: "µs"
        case .cpuPerMessageSender, .cpuPerMessageReceiver: "µs of CPU time per message"
        case .contextSwitchesPerMessage: "context switches per message"
        case .lost: "messages"
        case .connectP50: "µs"
        case .oneWayP50, .oneWayP90, .oneWayP99, .oneWayP999, .oneWayMaximum: "µs"
        case .oneWayActualP50, .oneWayActualP90, .oneWayActualP99, .oneWayActualP999, .oneWayActualMaximum: "µs"
        }
    }

    /// Polarity: whether a bigger value is better (rates) or worse (latency, cost, loss).
    public var higherIsBetter: Bool {
        switch self {
        case .messagesPerSecond, .megabytesPerSecond, .roundTripsPerSecond: true
        default: false
        }
    }

    /// The metric's value in one measurement; nil where it does not apply (RTT of a stream).
    public func value(in measurement: CellMeasurement) -> Double? {
        switch self {
        case .messagesPerSecond: measurement.messagesPerSecond
        case .megabytesPerSecond: measurement.megabytesPerSecond
        case .roundTripsPerSecond: measurement.roundTripsPerSecond
        case .roundTripP50: measurement.roundTrip?.p50
        case .roundTripP90: measurement.roundTrip?.p90
        case .roundTripP99: measurement.roundTrip?.p99
        case .roundTripP999: measurement.roundTrip?.p999
        case .roundTripMaximum: measurement.roundTrip?.maximum
        case .cpuPerMessageSender: measurement.cpuMicrosecondsPerMessageSender
        case .cpuPerMessageReceiver: measurement.cpuMicrosecondsPerMessageReceiver
        case .contextSwitchesPerMessage: measurement.contextSwitchesPerMessage
        case .lost: measurement.lost.map(Double.init)
        case .connectP50: measurement.connectTime?.p50
        case .oneWayP50: measurement.oneWay?.p50
        case .oneWayP90: measurement.oneWay?.p90
        case .oneWayP99: measurement.oneWay?.p99
        case .oneWayP999: measurement.oneWay?.p999
        case .oneWayMaximum: measurement.oneWay?.maximum
        case .oneWayActualP50: measurement.oneWayActual?.p50
        case .oneWayActualP90: measurement.oneWayActual?.p90
        case .oneWayActualP99: measurement.oneWayActual?.p99
        case .oneWayActualP999: measurement.oneWayActual?.p999
        case .oneWayActualMaximum: measurement.oneWayActual?.maximum
        }
    }
}

import Histogram
import SockBenchCore

/// A metric summarized per cell, with its direction (is a bigger value better?).
public struct Metric: Sendable, Hashable {
    public var name: String
    public var higherIsBetter: Bool
    public var value: @Sendable (CellMeasurement) -> Double?

    public static func == (a: Metric, b: Metric) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    public static let all: [Metric] = [
        Metric(name: "msg_per_s", higherIsBetter: true) { $0.messagesPerSecond },
        Metric(name: "mb_per_s", higherIsBetter: true) { $0.megabytesPerSecond },
        Metric(name: "rtt_per_s", higherIsBetter: true) { $0.roundTripsPerSecond },
        Metric(name: "rtt_p50_us", higherIsBetter: false) { $0.roundTrip?.p50 },
        Metric(name: "rtt_p90_us", higherIsBetter: false) { $0.roundTrip?.p90 },
        Metric(name: "rtt_p99_us", higherIsBetter: false) { $0.roundTrip?.p99 },
        Metric(name: "rtt_p999_us", higherIsBetter: false) { $0.roundTrip?.p999 },
        Metric(name: "rtt_max_us", higherIsBetter: false) { $0.roundTrip?.maximum },
        Metric(name: "cpu_us_per_msg_sender", higherIsBetter: false) { $0.cpuMicrosecondsPerMessageSender },
        Metric(name: "cpu_us_per_msg_receiver", higherIsBetter: false) { $0.cpuMicrosecondsPerMessageReceiver },
        Metric(name: "ctx_switches_per_msg", higherIsBetter: false) { $0.contextSwitchesPerMessage },
        Metric(name: "lost", higherIsBetter: false) { $0.lost.map(Double.init) },
    ]

    public static func named(_ name: String) -> Metric? { all.first { $0.name == name } }
}

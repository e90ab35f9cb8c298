import Foundation
import SockBenchModel
import SockBenchStats

/// What `load --json` prints on stdout (and `load` writes as knees.json): both knees of every
/// transport with their intervals over the sweeps and the floor figures, for scripts.
public struct LoadJSON: Codable, Sendable {
    public struct Knee: Codable, Sendable {
        /// msg/s per pair, pooled from every try of every sweep (`PooledKnee`); 0 is "none at or above the lowest rate tried".
        public var rate: Int
        /// Its 95 % interval from resampled sweeps.
        public var low: Int
        public var high: Int
        /// Each sweep's own knee (its bisection, the best of a step's tries).
        public var perSweep: [Int]
        /// high/low > 1.3.
        public var wide: Bool
    }

    public struct Latency: Codable, Sendable {
        /// "knee", or "floor-limited" when the machine's own floor broke the objective in at least half of the sweeps.
        public var verdict: String
        /// Nil when floor-limited.
        public var knee: Knee?
        public var floorLimitedSweeps: Int
        /// The rate of the median sweep's knee (or, floor-limited, where the floor broke the objective).
        public var atRate: Int?
        /// The objective's percentile there, µs: the transport over the whole step (stalls included),
        /// the transport and the floor in a typical window (what the knee is judged on), and the
        /// transport beyond the floor.
        public var transportMicroseconds: Double?
        public var transportWindowMicroseconds: Double?
        public var floorMicroseconds: Double?
        public var beyondFloorMicroseconds: Double?
    }

    public struct Transport: Codable, Sendable {
        public var transport: String
        public var pattern: String
        public var sizeBytes: Int
        /// TCP_NODELAY; nil for transports without it.
        public var noDelay: Bool?
        public var saturation: Knee
        public var latency: Latency
        /// Each sweep's floor percentile (µs) at the step that decided its latency knee; nil where it had none.
        public var floorPerSweepMicroseconds: [Double?]
    }

    public var run: String
    public var objective: String
    public var percentile: String
    public var boundMicroseconds: Double
    public var sweeps: Int
    public var transports: [Transport]

    public init(_ estimates: [KneeEstimate], bound: LatencyBound, run: String) {
        self.run = run
        objective = bound.description
        percentile = bound.percentile.rawValue
        boundMicroseconds = bound.microseconds
        sweeps = estimates.map(\.sweeps.count).max() ?? 0
        transports = estimates.map { e in
            let step = e.latencyStep
            let latency = Latency(
                verdict: e.floorLimited ? "floor-limited" : "knee", knee: e.latency.map(Self.knee), floorLimitedSweeps: e.floorLimitedSweeps,
                atRate: step?.rate, transportMicroseconds: step?.latency, transportWindowMicroseconds: step?.windowLatency, floorMicroseconds: step?.floorLatency,
                beyondFloorMicroseconds: e.floorLimited ? nil : step?.beyondFloor
            )
            let floors: [Double?] = e.sweeps.map { sweep in
                switch sweep.latency {
                case .knee(let s), .floorLimited(let s): s.floorLatency
                case .none: nil
                }
            }
            return Transport(
                transport: e.cell.transport.rawValue, pattern: e.cell.pattern.rawValue, sizeBytes: e.cell.sizeBytes, noDelay: e.cell.noDelay,
                saturation: Self.knee(e.saturation), latency: latency, floorPerSweepMicroseconds: floors
            )
        }
    }

    static func knee(_ interval: KneeInterval) -> Knee {
        Knee(rate: interval.rate, low: interval.low, high: interval.high, perSweep: interval.perSweep, wide: interval.isWide)
    }

    /// Pretty, sorted keys, one trailing newline.
    public func text() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

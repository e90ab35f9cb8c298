import SockBenchCore
import SockBenchModel

/// One measured rate of a load sweep and whether it met the objective.
public struct KneeStep: Sendable {
    public var rate: Int
    public var measurement: CellMeasurement
    /// Messages (stream) or round trips (rr) per second, summed over pairs.
    public var achieved: Double?
    /// The objective's percentile at this rate, µs: one-way latency (stream) or round trip (rr).
    public var latency: Double?
    public var passed: Bool
}

/// The sweep of one cell: every step in the order measured, and the knee (the highest passing rate).
public struct KneeSweep: Sendable {
    public var cell: Cell
    public var steps: [KneeStep]
    public var knee: KneeStep? {
        steps.filter(\.passed).max { $0.rate < $1.rate }
    }
}

/// Finds the highest offered rate at which the achieved rate is at least 99 % of the offered one and
/// the objective's percentile stays within its bound: geometric steps up from `start` until a rate
/// fails (or down, if `start` already fails), then bisection between the last pass and the first
/// failure. Each rate is one step (its repetitions judged by `medianRepetition`); the search assumes
/// latency grows with rate.
public enum KneeSearch {
    public struct Plan: Sendable {
        public var start: Int
        public var maximum: Int
        public var minimum: Int
        public var factor: Int
        /// Bisection steps after the bracket is found.
        public var bisections: Int
        public var bound: LatencyBound

        public init(start: Int = 10_000, maximum: Int = 5_000_000, minimum: Int = 1_000, factor: Int = 2, bisections: Int = 4, bound: LatencyBound = .loopbackDefault) {
            self.start = start
            self.maximum = maximum
            self.minimum = minimum
            self.factor = factor
            self.bisections = bisections
            self.bound = bound
        }
    }

    public static func sweep(_ cell: Cell, plan: Plan, measure: (Cell) -> CellMeasurement) -> KneeSweep {
        var sweep = KneeSweep(cell: cell, steps: [])
        func step(_ rate: Int) -> KneeStep {
            var paced = cell
            paced.ratePerSecond = rate
            let s = judge(measure(paced), rate: rate, pairs: cell.pairs, bound: plan.bound)
            sweep.steps.append(s)
            return s
        }
        var passing: Int?
        var failing: Int?
        var rate = plan.start
        while true {
            if step(rate).passed {
                passing = rate
                if rate >= plan.maximum { break }
                rate = min(plan.maximum, rate * plan.factor)
            } else {
                failing = rate
                break
            }
        }
        if passing == nil {
            rate = plan.start
            while rate / plan.factor >= plan.minimum {
                rate /= plan.factor
                if step(rate).passed {
                    passing = rate
                    break
                }
                failing = rate
            }
        }
        if var low = passing, var high = failing {
            for _ in 0..<plan.bisections {
                let middle = roundToThreeDigits((Double(low) * Double(high)).squareRoot())
                guard middle > low, middle < high else { break }
                if step(middle).passed { low = middle } else { high = middle }
            }
        }
        return sweep
    }

    /// The repetition that decides a step measured several times: the one whose objective
    /// percentile is the median (a failed repetition counts as the worst). One stall of a few
    /// milliseconds, which a shared VM has every second or so, then moves no step by itself.
    public static func medianRepetition(_ repetitions: [CellMeasurement], bound: LatencyBound) -> CellMeasurement {
        func latency(_ m: CellMeasurement) -> Double {
            guard m.status == .ok, let summary = m.cell.pattern == .rr ? m.roundTrip : m.oneWay else { return .infinity }
            return bound.percentile.value(in: summary)
        }
        let sorted = repetitions.sorted { latency($0) < latency($1) }
        return sorted[(sorted.count - 1) / 2]
    }

    /// Whether one measurement meets the objective at `rate` (per pair).
    public static func judge(_ m: CellMeasurement, rate: Int, pairs: Int, bound: LatencyBound) -> KneeStep {
        let achieved = m.cell.pattern == .rr ? m.roundTripsPerSecond : m.messagesPerSecond
        let summary = m.cell.pattern == .rr ? m.roundTrip : m.oneWay
        let latency = summary.map(bound.percentile.value(in:))
        var passed = m.status == .ok
        if let achieved { passed = passed && achieved >= 0.99 * Double(rate * pairs) } else { passed = false }
        if let latency { passed = passed && latency <= bound.microseconds } else { passed = false }
        return KneeStep(rate: rate, measurement: m, achieved: achieved, latency: latency, passed: passed)
    }

    /// 123 456 → 123 000: rates a reader can repeat on the command line.
    static func roundToThreeDigits(_ value: Double) -> Int {
        guard value >= 1000 else { return Int(value.rounded()) }
        var scale = 1.0
        while value / scale >= 1000 { scale *= 10 }
        return Int((value / scale).rounded() * scale)
    }
}

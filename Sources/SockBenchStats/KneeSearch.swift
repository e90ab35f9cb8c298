import SockBenchCore
import SockBenchModel

/// One measured rate of a load sweep: the transport's measurement, the machine's floor on the same
/// schedule, and the two verdicts (does the transport keep up; is its latency beyond the floor within
/// the objective).
public struct KneeStep: Sendable {
    public var rate: Int
    public var measurement: CellMeasurement
    /// The pacing control's wake-up lateness at this rate (µs, whole and per window); nil when no control ran.
    public var floor: WindowedLatency?
    /// Messages (stream) or round trips (rr) per second, summed over pairs.
    public var achieved: Double?
    /// The objective's percentile over the whole step, µs, from the intended send time: one-way
    /// (stream) or round trip (rr). Every stall of the step is in it.
    public var latency: Double?
    /// The objective's percentile in a typical window of the step (`WindowedLatency.typical`), µs:
    /// what the latency knee is judged on.
    public var windowLatency: Double?
    /// The floor's percentile in a typical window, µs.
    public var floorLatency: Double?
    /// Second-half median − first-half median of the latency from the intended send time, µs.
    public var backlogGrowth: Double?
    /// Achieved ≥ 95 % of offered (99 % without halves) and the backlog not growing: the saturation test.
    public var keepsUp: Bool
    /// The second half's median rose by more than the backlog test allows.
    public var backlogGrew = false
    /// The second half's median (µs) when it ran further behind schedule than the test allows; else nil.
    public var behindSchedule: Double? = nil
    public var latencyVerdict: LatencyVerdict

    /// This measurement as one yes/no observation of each test.
    public var trial: KneeTrial {
        KneeTrial(rate: rate, keepsUp: keepsUp, within: latencyVerdict == .within, floorBreaks: latencyVerdict == .floorBreaks)
    }

    /// The transport's latency beyond the machine's own, in a typical window: `windowLatency − floorLatency` (µs).
    public var beyondFloor: Double? { windowLatency.map { $0 - (floorLatency ?? 0) } }

    /// Which of two measurements of one rate is kept: within the objective, then keeping up with
    /// the floor breaking it, then keeping up beyond it, then behind.
    var rank: Int {
        guard keepsUp else { return 0 }
        switch latencyVerdict {
        case .within: return 3
        case .floorBreaks: return 2
        case .beyond, .notKeepingUp: return 1
        }
    }
}

/// How one step stands against the latency objective.
public enum LatencyVerdict: String, Codable, Sendable {
    /// The transport's latency beyond the floor is within the bound.
    case within
    /// Beyond the floor, the transport's latency breaks the bound.
    case beyond
    /// The floor alone breaks the bound: at this rate the machine, not the transport, decides.
    case floorBreaks
    /// The transport does not keep up (or the measurement failed), so its latency grows without bound.
    case notKeepingUp
}

/// What one sweep says about the latency knee.
public enum LatencyOutcome: Sendable {
    /// The highest rate whose latency beyond the floor is within the objective.
    case knee(KneeStep)
    /// Above its last pass (or from the lowest rate tried), the machine's own floor broke the objective: no knee can be judged.
    case floorLimited(KneeStep)
    /// Even the lowest rate tried failed for the transport.
    case none
}

/// One sweep of one cell: every step in the order measured, and both knees.
public struct KneeSweep: Sendable {
    public var cell: Cell
    /// Which sweep of the run this is (1-based).
    public var repetition: Int
    public var steps: [KneeStep]
    /// Every measurement of the sweep, retries included, in the order measured: what the knees
    /// of several sweeps are pooled from (`PooledKnee`).
    public var trials: [KneeTrial] = []
    /// The highest rate the transport keeps up with; nil when even the lowest rate tried did not.
    public var saturationKnee: KneeStep?
    public var latency: LatencyOutcome

    public var latencyKnee: KneeStep? {
        if case .knee(let step) = latency { return step }
        return nil
    }
}

/// Searches the offered rate for two knees per sweep, measuring each rate once (a rate both searches
/// visit is not measured twice): geometric steps up from `start` until a rate fails (or down, if
/// `start` already fails), then bisection between the last pass and the first failure.
///
/// - saturation knee: the highest rate the transport keeps up with — achieved ≥ 95 % of offered
///   (`Plan.achievedFraction`), the second half's median at most 3 ms behind schedule
///   (`Plan.behindLimit`), and the backlog not growing by more than 500 µs between the halves,
///   which a rate 0.33 % above capacity already exceeds over a 300 ms step ((R − C)/R × 150 ms).
///   Growth is the second half's median latency (from the intended send
///   time) minus the first half's. A median, because one stall of S ms at a rate r below 90 % of
///   capacity C is drained within r·S/(C−r) ≤ 9·S, so it touches under a third of a 150 ms half and
///   moves that half's median to at most its undisturbed p75: microseconds. A backlog that grows
///   moves every later message, so the median of the late half rises with it (0.15 s × the excess
///   fraction of the rate). Only within a few percent of capacity can one stall hold a half's median
///   up, which costs the knee a few percent of the rate, not a factor of ten.
/// - latency knee: the highest rate that keeps up and whose `--slo` percentile beyond the machine's
///   floor (transport percentile − floor percentile, both from intended send times on the same
///   schedule) is within the bound. Where the floor alone breaks the bound the sweep says
///   `floorLimited` instead of giving a knee. Both percentiles are those of a typical 30 ms window
///   of the step (the median over its ten windows): near capacity one stall of the VM leaves a
///   backlog that takes r·S/(C−r) to drain, so a single 1 ms stall at 88 % of capacity holds 1 % of
///   a 300 ms step late and decides the whole step's p99 (on 2026-12-03 AF_UNIX passed 381 000 msg/s
///   in one try of three and failed 640 000 in all three, with whole-step p99s of 0.4–2 ms, while its
///   saturation knee was 729 000). Whether a step had such a stall is chance; the typical window
///   is the transport's. The whole step's percentile is reported beside it.
public enum KneeSearch {
    public struct Plan: Sendable {
        public var start: Int
        public var maximum: Int
        public var minimum: Int
        public var factor: Int
        /// Bisection steps after the bracket is found.
        public var bisections: Int
        public var bound: LatencyBound
        /// A backlog grows when the median rises between the halves by more than this (µs)…
        public var backlogToleranceMicroseconds: Double
        /// …and by more than this fraction of the first half's median (batching transports have a high, noisy median).
        public var backlogToleranceFraction: Double

        /// The share of the offered rate a step must achieve. With the halves' medians to judge the
        /// backlog by, 95 %: a stall of S ms near the end of a step leaves S ms of messages unsent
        /// when the window closes (2 % of a 300 ms step for a 5 ms stall, seen at every rate on
        /// 2026-12-03), while an overload, however small, shows as a growing median. Without them
        /// (a count extent), 99 %.
        public static func achievedFraction(withHalves: Bool) -> Double { withHalves ? 0.95 : 0.99 }

        /// …but never by more than this share of a half's duration: a median that grows by g over a
        /// half of H means the transport fell behind by g/H of the offered rate, however high the
        /// median started (a step that begins behind, with the warmup's backlog, has a high first
        /// half: on 2026-12-03 AF_UNIX "kept up" with 905 000 msg/s with medians of 57 ms and more).
        public var backlogToleranceShareOfHalf = 0.02

        /// A step keeps up only if its second half's median latency from the intended send time is
        /// at most max(`backlogToleranceMicroseconds`, this share of a half): 3 ms of a 300 ms step.
        /// A backlog that shrinks is still a backlog: on 2026-12-03 TCP "kept up" with 640 000 msg/s
        /// (achieved 757 208, medians falling by 59 ms) while it drained what the warmup had left,
        /// and achieved 173 000–322 000 at the same rate in the retries.
        public func behindLimit(halfMicroseconds: Double) -> Double {
            max(backlogToleranceMicroseconds, backlogToleranceShareOfHalf * halfMicroseconds)
        }

        /// Measure a failing step up to this many more times and keep the best: a failure must
        /// repeat before it bounds a knee.
        public var failureRetries = 2

        public init(
            start: Int = 10_000, maximum: Int = 5_000_000, minimum: Int = 1_000, factor: Int = 2, bisections: Int = 4,
            bound: LatencyBound = .loopbackDefault, backlogToleranceMicroseconds: Double = 500, backlogToleranceFraction: Double = 0.5
        ) {
            self.start = start
            self.maximum = maximum
            self.minimum = minimum
            self.factor = factor
            self.bisections = bisections
            self.bound = bound
            self.backlogToleranceMicroseconds = backlogToleranceMicroseconds
            self.backlogToleranceFraction = backlogToleranceFraction
        }
    }

    /// One sweep: `measure` returns the transport's measurement of a cell at its rate and the floor
    /// (the pacing control's lateness, µs) on the same schedule, nil when no control ran.
    public static func sweep(
        _ cell: Cell, plan: Plan, repetition: Int = 1,
        measure: (Cell) -> (measurement: CellMeasurement, floor: WindowedLatency?)
    ) -> KneeSweep {
        var steps: [KneeStep] = []
        var trials: [KneeTrial] = []
        func step(_ rate: Int) -> KneeStep {
            if let known = steps.first(where: { $0.rate == rate }) { return known }
            var paced = cell
            paced.ratePerSecond = rate
            func once() -> KneeStep {
                let (m, floor) = measure(paced)
                let judged = judge(m, floor: floor, rate: rate, plan: plan)
                trials.append(judged.trial)
                return judged
            }
            var s = once()
            // A failure must repeat before it bounds a knee: on a shared VM a step can lose a
            // quarter of its rate to the hypervisor for a whole 300 ms (2026-12-03: AF_UNIX
            // achieved 62 368 of 80 000 msg/s in one sweep and kept up with 320 000 in the next).
            // Such an episode rarely hits twice in a row; a transport's limit always does.
            var retries = plan.failureRetries
            while retries > 0, s.measurement.status == .ok, !s.keepsUp || s.latencyVerdict != .within {
                retries -= 1
                let again = once()
                if again.rank > s.rank { s = again }
            }
            steps.append(s)
            return s
        }
        let saturation = bracket(plan) { step($0).keepsUp }
        let latency = bracket(plan) { step($0).latencyVerdict == .within }
        let outcome: LatencyOutcome
        if let fail = latency.fail, step(fail).latencyVerdict == .floorBreaks {
            outcome = .floorLimited(step(fail))
        } else if let pass = latency.pass {
            outcome = .knee(step(pass))
        } else {
            outcome = .none
        }
        return KneeSweep(
            cell: cell, repetition: repetition, steps: steps, trials: trials, saturationKnee: saturation.pass.map(step), latency: outcome
        )
    }

    /// The search for one test: the highest passing rate and the lowest failing one above it (nil
    /// when none was found).
    static func bracket(_ plan: Plan, passes: (Int) -> Bool) -> (pass: Int?, fail: Int?) {
        var passing: Int?
        var failing: Int?
        var rate = plan.start
        while true {
            if passes(rate) {
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
                if passes(rate) {
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
                if passes(middle) { low = middle } else { high = middle }
            }
            return (low, high)
        }
        return (passing, failing)
    }

    /// Judges one measurement at `rate` (per pair) with the floor measured on the same schedule.
    public static func judge(_ m: CellMeasurement, floor: WindowedLatency?, rate: Int, plan: Plan) -> KneeStep {
        let achieved = m.cell.pattern == .rr ? m.roundTripsPerSecond : m.messagesPerSecond
        let summary = m.cell.pattern == .rr ? m.roundTrip : m.oneWay
        let percentile = plan.bound.percentile
        let latency = summary.map(percentile.value(in:))
        let windowLatency = summary.map { WindowedLatency(whole: $0, windows: m.windows ?? []).typical(percentile) }
        let floorLatency = floor.map { $0.typical(percentile) }
        let growth = m.halves?.medianGrowthMicroseconds
        let offered = Double(rate * m.cell.pairs)
        // No halves (a count extent, or nothing sent in the second half, which a shortfall catches): no growth seen.
        let halfMicroseconds = m.seconds > 0 ? m.seconds * 500_000 : Double.infinity
        let tolerance = max(
            plan.backlogToleranceMicroseconds,
            min(plan.backlogToleranceFraction * (m.halves?.early.p50 ?? 0), plan.backlogToleranceShareOfHalf * halfMicroseconds)
        )
        let backlogGrew = (growth ?? 0) > tolerance
        let late = m.halves?.late.p50 ?? 0
        let behind = late > plan.behindLimit(halfMicroseconds: halfMicroseconds) ? late : nil
        let keepsUp = m.status == .ok && windowLatency != nil && (achieved.map { $0 >= Plan.achievedFraction(withHalves: growth != nil) * offered } ?? false)
            && !backlogGrew && behind == nil
        let verdict: LatencyVerdict
        if !keepsUp {
            verdict = .notKeepingUp
        } else if let floorLatency, floorLatency > plan.bound.microseconds {
            verdict = .floorBreaks
        } else {
            verdict = windowLatency! - (floorLatency ?? 0) <= plan.bound.microseconds ? .within : .beyond
        }
        return KneeStep(
            rate: rate, measurement: m, floor: floor, achieved: achieved, latency: latency, windowLatency: windowLatency, floorLatency: floorLatency,
            backlogGrowth: growth, keepsUp: keepsUp, backlogGrew: backlogGrew, behindSchedule: behind, latencyVerdict: verdict
        )
    }

    /// Why a step failed, in a few words, for progress lines and the table.
    public static func reason(_ step: KneeStep, bound: LatencyBound) -> String {
        if step.measurement.status != .ok { return "failed" }
        let share = Plan.achievedFraction(withHalves: step.backlogGrowth != nil)
        if let achieved = step.achieved, achieved < share * Double(step.rate * step.measurement.cell.pairs) {
            return "achieved \(NumberFormat.grouped(achieved))"
        }
        if !step.backlogGrew, let late = step.behindSchedule { return "behind schedule by \(Int(late.rounded())) µs" }
        if !step.keepsUp { return "backlog grew \(step.backlogGrowth.map { String(Int($0.rounded())) } ?? "-") µs" }
        let p = bound.percentile.rawValue
        switch step.latencyVerdict {
        case .floorBreaks: return "floor \(p) \(Int((step.floorLatency ?? 0).rounded())) µs"
        case .beyond: return "\(p) \(Int((step.beyondFloor ?? 0).rounded())) µs beyond floor"
        case .within, .notKeepingUp: return "pass"
        }
    }

    /// 123 456 → 123 000: rates a reader can repeat on the command line.
    static func roundToThreeDigits(_ value: Double) -> Int {
        guard value >= 1000 else { return Int(value.rounded()) }
        var scale = 1.0
        while value / scale >= 1000 { scale *= 10 }
        return Int((value / scale).rounded() * scale)
    }
}

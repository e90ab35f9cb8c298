import SockBenchCore
import SockBenchModel

/// A knee over the run's sweeps: the pooled estimate from every try of every sweep and its 95 %
/// interval from resampled sweeps (`PooledKnee`), beside each sweep's own knee (msg/s per pair;
/// 0 stands for "none at or above the lowest rate tried").
public struct KneeInterval: Codable, Sendable, Hashable {
    /// The highest rate that passes in at least half of its tries, over all sweeps.
    public var rate: Int
    public var low: Int
    public var high: Int
    /// Each sweep's own knee (its bisection, keeping the best of a step's tries), in sweep order.
    public var perSweep: [Int]

    /// high/low above this marks a knee that the sweeps do not pin down.
    public static let wideRatio = 1.3

    public init(rate: Int, low: Int, high: Int, perSweep: [Int]) {
        self.rate = rate
        self.low = low
        self.high = high
        self.perSweep = perSweep
    }

    /// Pooled from the sweeps' tries: `passes` says which tries pass, and tries `counts` rejects say nothing.
    public init(sweeps: [KneeSweep], perSweep: [Int], counts: (KneeTrial) -> Bool = { _ in true }, passes: (KneeTrial) -> Bool) {
        let (rate, low, high) = PooledKnee.estimate(sweeps.map { $0.trials.filter(counts) }, passes: passes)
        self.init(rate: rate, low: low, high: high, perSweep: perSweep)
    }

    public var isWide: Bool {
        low <= 0 ? high > 0 : Double(high) / Double(low) > Self.wideRatio
    }
}

/// Both knees of one cell over all its sweeps, with the latency figures at the median sweep's knee.
public struct KneeEstimate: Sendable {
    public var cell: Cell
    public var sweeps: [KneeSweep]
    public var saturation: KneeInterval
    /// Nil when the machine's floor broke the objective in at least half of the sweeps.
    public var latency: KneeInterval?
    public var floorLimitedSweeps: Int
    /// The step that speaks for the latency knee: the median sweep's knee, or (floor-limited) the
    /// median sweep's step where the floor broke the objective.
    public var latencyStep: KneeStep?
    /// The median sweep's saturation knee step.
    public var saturationStep: KneeStep?

    public var floorLimited: Bool { latency == nil }

    /// Sweeps must all be of one cell.
    public init(_ sweeps: [KneeSweep]) {
        precondition(!sweeps.isEmpty, "a knee estimate needs at least one sweep")
        cell = sweeps[0].cell
        self.sweeps = sweeps
        saturation = KneeInterval(sweeps: sweeps, perSweep: sweeps.map { $0.saturationKnee?.rate ?? 0 }, passes: \.keepsUp)
        saturationStep = Self.medianStep(sweeps.compactMap(\.saturationKnee))
        var floorSteps: [KneeStep] = []
        var kneeRates: [Int] = []
        var kneeSteps: [KneeStep] = []
        for sweep in sweeps {
            switch sweep.latency {
            case .floorLimited(let step): floorSteps.append(step)
            case .knee(let step):
                kneeRates.append(step.rate)
                kneeSteps.append(step)
            case .none: kneeRates.append(0)
            }
        }
        floorLimitedSweeps = floorSteps.count
        // A sweep the floor stopped says nothing about the transport's knee: the knee comes from the
        // others, unless they are not the majority.
        if 2 * floorSteps.count >= sweeps.count && !floorSteps.isEmpty {
            latency = nil
            latencyStep = Self.medianStep(floorSteps)
        } else {
            latency = KneeInterval(sweeps: sweeps, perSweep: kneeRates, counts: { !$0.floorBreaks }, passes: \.within)
            latencyStep = Self.medianStep(kneeSteps)
        }
    }

    /// The (lower) median step by rate.
    static func medianStep(_ steps: [KneeStep]) -> KneeStep? {
        guard !steps.isEmpty else { return nil }
        return steps.sorted { $0.rate < $1.rate }[(steps.count - 1) / 2]
    }

    /// Groups sweeps by cell, cells in first-seen order.
    public static func estimates(_ sweeps: [KneeSweep]) -> [KneeEstimate] {
        var cells: [Cell] = []
        for sweep in sweeps where !cells.contains(sweep.cell) { cells.append(sweep.cell) }
        return cells.map { cell in KneeEstimate(sweeps.filter { $0.cell == cell }) }
    }
}

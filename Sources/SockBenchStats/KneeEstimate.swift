import SockBenchCore
import SockBenchModel

/// A knee over the run's sweeps: their median and [minimum, maximum] (msg/s per pair; 0 stands for
/// "none at or above the lowest rate tried"). [min, max] of n sweeps covers the median of the knee's
/// distribution with probability 1 − 2^(1−n) (75 % for 3 sweeps, 94 % for 5), with no assumption
/// about its shape.
public struct KneeInterval: Codable, Sendable, Hashable {
    public var median: Int
    public var minimum: Int
    public var maximum: Int
    /// Each sweep's knee, in sweep order.
    public var perSweep: [Int]

    /// max/min above this marks a knee that did not repeat across sweeps.
    public static let wideRatio = 1.3

    public init?(_ knees: [Int]) {
        guard !knees.isEmpty else { return nil }
        let sorted = knees.sorted()
        let n = sorted.count
        median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        minimum = sorted[0]
        maximum = sorted[n - 1]
        perSweep = knees
    }

    public var isWide: Bool {
        minimum <= 0 ? maximum > 0 : Double(maximum) / Double(minimum) > Self.wideRatio
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
        let saturationRates = sweeps.map { $0.saturationKnee?.rate ?? 0 }
        saturation = KneeInterval(saturationRates)!
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
            latency = KneeInterval(kneeRates)
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

import Foundation

/// One run's 95% interval for one condition's ratio, as claim.csv records it.
public struct RunRatio: Sendable, Equatable {
    /// Where the run came from (its directory's name), for messages.
    public var run: String
    public var ratio: Double
    public var low: Double
    public var high: Double

    public init(run: String, ratio: Double, low: Double, high: Double) {
        self.run = run
        self.ratio = ratio
        self.low = low
        self.high = high
    }

    /// The estimate on the log scale and its standard error, read back from the 95% interval.
    var logRatio: Double { log(ratio) }
    var standardError: Double { max((log(high) - log(low)) / (2 * 1.96), 1e-6) }

    /// Whether the two intervals miss each other.
    public func isDisjoint(from other: RunRatio) -> Bool { high < other.low || other.high < low }
}

/// What earlier runs of the same plan on the same machine say about one condition: how far the
/// ratio moves **between** runs beyond what each run's own interval allows for.
///
/// A run's interval covers the scatter of its slots and the drift between its time blocks, but on a
/// shared VM the machine can sit in one state for minutes and in another for the next run (the ratio
/// of ping-pong between cores moved from 1.77 to 1.41 between two runs on 2026-12-02, each run
/// steady inside). No run can see that from its own slots. Earlier runs can: the between-run
/// variance is estimated as in a random-effects meta-analysis (the Paule–Mandel estimator of τ² on
/// the log ratios, Paule and Mandel 1982), and this run's interval is widened by
/// it, so that it covers what a rerun would see.
public struct BetweenRuns: Sendable {
    /// The earlier runs, newest first.
    public var earlier: [RunRatio]
    /// τ: the between-run standard deviation of the log ratio (≈ relative), 0 when the runs agree.
    public var spread: Double
    /// Earlier runs whose interval misses this run's own.
    public var disagreeing: [RunRatio]
    /// This run's ratio with its interval widened by τ.
    public var low: Double
    public var high: Double

    public static let method = "random-effects between runs (Paule–Mandel τ² from this and earlier runs' log ratios), added to this run's variance"

    /// Nil when there is no earlier run to learn from.
    public init?(current: RunRatio, earlier: [RunRatio]) {
        guard !earlier.isEmpty else { return nil }
        self.earlier = earlier
        let all = [current] + earlier
        spread = Self.tau(all)
        disagreeing = earlier.filter { $0.isDisjoint(from: current) }
        let z = 1.96
        let ownHalfWidth = (log(current.high) - log(current.low)) / 2
        let center = (log(current.high) + log(current.low)) / 2
        let halfWidth = (ownHalfWidth * ownHalfWidth + z * z * spread * spread).squareRoot()
        low = exp(center - halfWidth)
        high = exp(center + halfWidth)
    }

    /// Runs counted, this one included.
    public var runs: Int { earlier.count + 1 }

    /// Paule–Mandel: the τ² at which the generalized Q statistic, Σ (yᵢ − μ̂(τ²))² / (sᵢ² + τ²) with
    /// μ̂ the weighted mean, equals its expectation k − 1 (0 when Q(0) is already below it). Unlike
    /// DerSimonian–Laird's one-step moment estimate it does not let a few very narrow runs that agree
    /// outvote a wide one that does not (Veroniki et al. 2016 recommend it for this reason).
    static func tau(_ runs: [RunRatio]) -> Double {
        guard runs.count >= 2 else { return 0 }
        let target = Double(runs.count - 1)
        func q(_ tau2: Double) -> Double {
            let weights = runs.map { 1 / ($0.standardError * $0.standardError + tau2) }
            let sum = weights.reduce(0, +)
            let mean = zip(weights, runs).map { $0 * $1.logRatio }.reduce(0, +) / sum
            return zip(weights, runs).map { $0 * ($1.logRatio - mean) * ($1.logRatio - mean) }.reduce(0, +)
        }
        guard q(0) > target else { return 0 }
        let logs = runs.map(\.logRatio)
        let spread = (logs.max()! - logs.min()!)
        var low = 0.0, high = spread * spread + 1e-6
        while q(high) > target { high *= 4 }
        for _ in 0..<60 {
            let middle = (low + high) / 2
            if q(middle) > target { low = middle } else { high = middle }
        }
        return ((low + high) / 2).squareRoot()
    }
}

import Foundation

/// A robust centre of positive ratios measured one after another, with a 95% interval that also
/// covers the drift of the quantity itself during the run, so that a rerun minutes later (which
/// sees the machine in another state) lands inside it about as often as promised.
///
/// The centre is the 20% trimmed mean of the logarithms (a trimmed geometric mean). The winsorized
/// logs, in time order, are cut into up to 6 contiguous time blocks of at least 5 slots, and the
/// interval's variance has two parts:
/// - this run's own uncertainty, the larger of the Tukey–McLaughlin standard error
///   s_w² / ((1 − 2γ)²·n) (slots as if independent) and the batch-means one s_b² / ((1 − 2γ)²·B)
///   (Schmeiser 1982: block means are nearly independent when the drift is faster than a block,
///   so their spread carries the drift within the run);
/// - the drift between blocks, τ² = max(0, s_b² − s_w²/m) (m slots a block: the block means'
///   variance beyond what the slots' scatter explains, the one-way random-effects estimator), added
///   whole: the stretch of time one run sees is one draw of the ratio's wander, and a rerun sees
///   another, which can sit as far from this one as one block sits from another.
///
/// The interval is centre ± t(ν)·√variance with ν = B − 1 when the blocks decide it, else h − 1
/// (slots kept). `DriftCoverageTests` simulates drifting ratios with stalled slots and checks
/// that at least 93% of intervals cover the truth when the drift's correlation time is shorter than
/// about a tenth of the run (Benchmarks/drift.sh measured the VM's wander as mostly faster than
/// that); a wander slower than the run itself cannot be seen from inside one run, and only reruns
/// (Benchmarks/stability.sh) show it. With fewer than 15 slots (3 blocks) there are no blocks and the interval
/// is the Tukey–McLaughlin one.
public struct DriftAwareLogMean: Sendable, Hashable {
    public static let trimmedFraction = 0.2
    public static let minimumSlotsPerBlock = 5
    /// Fewer blocks than this estimate nothing useful: the spread of two block means has one degree
    /// of freedom, and its t-quantile (12.7) turned a 10-slot `--compare` p99 ratio of 0.94 into
    /// 1/882 605 – ×779 750 (2026-12-03). From 15 slots on the blocks are used.
    public static let minimumBlocks = 3
    public static let maximumBlocks = 6

    public var n: Int
    public var estimate: Double
    public var low: Double
    public var high: Double
    /// Time blocks the drift was estimated from (0: too few slots).
    public var blocks: Int
    /// τ: the standard deviation of the ratio's drift between time blocks, in log units
    /// (0.05 ≈ the ratio wandering ±5% from block to block).
    public var drift: Double
    /// The slot scatter's share of the interval alone: what the interval would be without drift.
    public var scatterStandardError: Double

    public var driftMeasured: Bool { blocks >= Self.minimumBlocks }

    /// `ratios` in the order they were measured. Nil when no value is positive and finite; with one
    /// value the interval is unbounded.
    public init?(_ ratios: [Double]) {
        let logs = ratios.filter { $0 > 0 && $0.isFinite }.map { Foundation.log($0) }
        guard !logs.isEmpty else { return nil }
        let n = logs.count
        self.n = n
        let sorted = logs.sorted()
        let g = Int((Self.trimmedFraction * Double(n)).rounded(.down))
        let kept = sorted[g..<(n - g)]
        let centre = kept.reduce(0, +) / Double(kept.count)
        estimate = Foundation.exp(centre)
        (blocks, drift, scatterStandardError) = (0, 0, 0)
        guard n > 1 else {
            (low, high) = (0, .infinity)
            return
        }
        let (lowest, highest) = (sorted[g], sorted[n - g - 1])
        let winsorized = logs.map { min(max($0, lowest), highest) }
        let variance = Self.variance(winsorized)
        let scatter = variance / ((1 - 2 * Self.trimmedFraction) * (1 - 2 * Self.trimmedFraction) * Double(n))
        scatterStandardError = scatter.squareRoot()

        let blockCount = min(Self.maximumBlocks, n / Self.minimumSlotsPerBlock)
        var total = scatter
        var degrees = kept.count - 1
        if blockCount >= Self.minimumBlocks {
            blocks = blockCount
            let means = Self.blockMeans(winsorized, blocks: blockCount)
            let spread = Self.variance(means)
            let batch = spread / ((1 - 2 * Self.trimmedFraction) * (1 - 2 * Self.trimmedFraction) * Double(blockCount))
            let driftVariance = max(0, spread - variance * Double(blockCount) / Double(n))
            drift = driftVariance.squareRoot()
            total = max(scatter, batch) + driftVariance
            if batch > scatter || driftVariance > 0 { degrees = blockCount - 1 }
        }
        let margin = StudentT.quantile975(degreesOfFreedom: degrees) * total.squareRoot()
        low = Foundation.exp(centre - margin)
        high = Foundation.exp(centre + margin)
    }

    /// Half the interval's width relative to the estimate (0.05 = ±5%).
    public var relativeHalfWidth: Double { (high - low) / 2 / estimate }

    /// The drift as a relative figure (0.05 = the ratio wanders about ±5% between time blocks).
    public var relativeDrift: Double { Foundation.exp(drift) - 1 }

    /// The means of `values` cut into `blocks` contiguous runs of (nearly) equal length.
    private static func blockMeans(_ values: [Double], blocks: Int) -> [Double] {
        (0..<blocks).map { k in
            let block = values[(k * values.count / blocks)..<((k + 1) * values.count / blocks)]
            return block.reduce(0, +) / Double(block.count)
        }
    }

    private static func variance(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    }
}

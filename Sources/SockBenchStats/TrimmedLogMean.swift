import Foundation

/// A robust centre of positive ratios with a 95% interval: the 20% trimmed mean of their
/// logarithms (a trimmed geometric mean), with the Tukey–McLaughlin interval (the one-sample form
/// of Yuen's test): trimmed mean ± t(0.975, h−1) · s_w / ((1 − 2γ)·√n), where s_w is the standard
/// deviation of the winsorized sample and h the number of values kept.
///
/// Why not the median with its order-statistics interval: per-slot ratios on a shared VM have
/// heavy tails (a stalled slot gives 0.3 or 7 where the rest give 0.9), which the trimming drops
/// as the median does, but the trimmed mean uses the middle 60% of the sample instead of the one
/// or two values at its centre: on the reference run's claim-pairs.csv its intervals have a median
/// half-width of ±5.0% where the median's would be ±5.7%. Working in logs makes the answer the
/// same whichever side is the numerator (1/r for r).
public struct TrimmedLogMean: Sendable, Hashable {
    public static let trimmedFraction = 0.2

    public var n: Int
    public var estimate: Double
    public var low: Double
    public var high: Double

    /// Nil when no value is positive and finite. With one value the interval is unbounded.
    public init?(_ ratios: [Double]) {
        let logs = ratios.filter { $0 > 0 && $0.isFinite }.map { Foundation.log($0) }.sorted()
        guard !logs.isEmpty else { return nil }
        n = logs.count
        let g = Int((Self.trimmedFraction * Double(n)).rounded(.down))
        let kept = logs[g..<(n - g)]
        let centre = kept.reduce(0, +) / Double(kept.count)
        estimate = Foundation.exp(centre)
        guard n > 1 else {
            (low, high) = (0, .infinity)
            return
        }
        let lowest = logs[g], highest = logs[n - g - 1]
        let winsorized = logs.map { min(max($0, lowest), highest) }
        let mean = winsorized.reduce(0, +) / Double(n)
        let variance = winsorized.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let standardError = variance.squareRoot() / ((1 - 2 * Self.trimmedFraction) * Double(n).squareRoot())
        let margin = StudentT.quantile975(degreesOfFreedom: kept.count - 1) * standardError
        low = Foundation.exp(centre - margin)
        high = Foundation.exp(centre + margin)
    }

    /// Half the interval's width relative to the estimate (0.05 = ±5%).
    public var relativeHalfWidth: Double { (high - low) / 2 / estimate }
}

/// Student's t distribution, as much of it as the intervals need.
public enum StudentT {
    /// The 97.5% quantile (two-sided 95%): exact for 1 and 2 degrees of freedom, else the
    /// Cornish–Fisher expansion to 1/ν⁴ around the normal quantile (within 0.12% at ν = 3 and
    /// 0.03% from ν = 4 on). Zero degrees of freedom have no quantile: infinity.
    public static func quantile975(degreesOfFreedom nu: Int) -> Double {
        switch nu {
        case ..<1: return .infinity
        case 1: return tan(Double.pi * 0.475)
        case 2: return 0.95 * (2 / (4 * 0.975 * 0.025)).squareRoot()
        default:
            let z = 1.959963984540054, v = Double(nu)
            let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z
            let g1 = (z3 + z) / 4
            let g2 = (5 * z5 + 16 * z3 + 3 * z) / 96
            let g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384
            let g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160
            return z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v)
        }
    }
}

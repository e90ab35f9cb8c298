import Foundation
import SockBenchCore
import SockBenchModel

/// Descriptive statistics of one metric over a cell's repetitions.
///
/// The confidence interval of the median is distribution-free, from order statistics: the widest
/// inner pair (x₍k₎, x₍n−k+1₎) whose binomial(n, ½) coverage is at least 95%, or the full range when
/// n is too small to reach 95% (n ≤ 5: [min, max], coverage 1 − 2/2ⁿ). `coverage` says which.
public struct SampleStatistics: Codable, Sendable, Hashable {
    public var n: Int
    public var median: Double
    public var mean: Double
    public var standardDeviation: Double
    /// Standard deviation over mean (0.05 = 5%).
    public var coefficientOfVariation: Double
    public var minimum: Double
    public var maximum: Double
    public var confidenceLow: Double
    public var confidenceHigh: Double
    /// The interval's actual coverage probability.
    public var coverage: Double

    /// Half the CI width relative to the median (0.02 = ±2%).
    public var relativeHalfWidth: Double {
        median == 0 ? .infinity : (confidenceHigh - confidenceLow) / 2 / abs(median)
    }

    public init?(_ values: [Double]) {
        let sample = values.filter { $0.isFinite }.sorted()
        guard !sample.isEmpty else { return nil }
        n = sample.count
        median = Self.median(sorted: sample)
        let average = sample.reduce(0, +) / Double(sample.count)
        mean = average
        let variance = sample.count > 1 ? sample.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(sample.count - 1) : 0
        standardDeviation = variance.squareRoot()
        coefficientOfVariation = mean == 0 ? 0 : standardDeviation / abs(mean)
        minimum = sample.first!
        maximum = sample.last!
        let (k, coverage) = Self.medianInterval(n: n)
        confidenceLow = sample[k - 1]
        confidenceHigh = sample[n - k]
        self.coverage = coverage
    }

    public static func median(sorted: [Double]) -> Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The largest k (1-based) such that [x₍k₎, x₍n−k+1₎] covers the median with ≥ 95%, and its coverage.
    static func medianInterval(n: Int, level: Double = 0.95) -> (k: Int, coverage: Double) {
        var best = (k: 1, coverage: 1 - 2 * pow(0.5, Double(n)))
        guard n > 1 else { return (1, 0) }
        var k = 2
        while k <= (n + 1) / 2 {
            // coverage = 1 − 2·P(B ≤ k−1)
            let tail = (0..<k).reduce(0.0) { $0 + binomialHalf(n: n, k: $1) }
            let coverage = 1 - 2 * tail
            if coverage < level { break }
            best = (k, coverage)
            k += 1
        }
        return best
    }

    static func binomialHalf(n: Int, k: Int) -> Double {
        // C(n,k) / 2^n computed in logs to stay finite for large n.
        exp(lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) - Double(n) * log(2))
    }
}

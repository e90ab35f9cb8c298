import Foundation

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

/// Mann-Whitney U test, two-sided. Exact when both samples have at most 25 values: the
/// permutation distribution of the rank sum over mid-ranks, so ties (common for percentiles read
/// from histogram buckets) keep the exact test. Larger samples use the normal approximation with
/// tie and continuity correction.
public enum MannWhitney {
    public static func pValue(_ a: [Double], _ b: [Double]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 1 }
        let pooled = (a.map { ($0, true) } + b.map { ($0, false) }).sorted { $0.0 < $1.0 }
        // Doubled mid-ranks stay integers: a tie group over 1-based ranks i+1...j+1 gets i+j+2.
        var doubledRanks = [Int](repeating: 0, count: pooled.count)
        var tieTerm = 0.0
        var i = 0
        while i < pooled.count {
            var j = i
            while j + 1 < pooled.count && pooled[j + 1].0 == pooled[i].0 { j += 1 }
            for index in i...j { doubledRanks[index] = i + j + 2 }
            let t = Double(j - i + 1)
            tieTerm += t * t * t - t
            i = j + 1
        }
        let observed = zip(pooled, doubledRanks).filter { $0.0.1 }.reduce(0) { $0 + $1.1 }
        if a.count <= 25, b.count <= 25 {
            return exactPValue(doubledRankSum: observed, doubledRanks: doubledRanks, n1: a.count)
        }
        let n1 = Double(a.count), n2 = Double(b.count), n = n1 + n2
        let u = Double(observed) / 2 - n1 * (n1 + 1) / 2
        let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return 1 }
        let z = (abs(u - n1 * n2 / 2) - 0.5) / variance.squareRoot()
        return min(1, max(0, erfc(max(0, z) / 2.0.squareRoot())))
    }

    /// P(|W − E[W]| ≥ |w − E[W]|) for the rank sum W of a random n1-subset, by counting subsets
    /// per (size, sum) with dynamic programming.
    static func exactPValue(doubledRankSum observed: Int, doubledRanks: [Int], n1: Int) -> Double {
        let maximumSum = doubledRanks.sorted(by: >).prefix(n1).reduce(0, +)
        var ways = [[Double]](repeating: [Double](repeating: 0, count: maximumSum + 1), count: n1 + 1)
        ways[0][0] = 1
        for rank in doubledRanks {
            for k in stride(from: n1, through: 1, by: -1) {
                for sum in stride(from: maximumSum, through: rank, by: -1) where ways[k - 1][sum - rank] > 0 {
                    ways[k][sum] += ways[k - 1][sum - rank]
                }
            }
        }
        let distribution = ways[n1]
        let total = distribution.reduce(0, +)
        let mean = Double(n1 * (doubledRanks.count + 1))  // doubled: n1·(n+1)/2 × 2
        let distance = abs(Double(observed) - mean) - 1e-9
        var tail = 0.0
        for (sum, count) in distribution.enumerated() where count > 0 && abs(Double(sum) - mean) >= distance { tail += count }
        return min(1, tail / total)
    }
}

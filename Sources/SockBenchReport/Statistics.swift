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

/// Mann-Whitney U test, two-sided. Exact (the permutation distribution of U) when both samples have
/// at most 25 values and no ties, else the normal approximation with tie and continuity correction.
public enum MannWhitney {
    public static func pValue(_ a: [Double], _ b: [Double]) -> Double {
        let n1 = Double(a.count), n2 = Double(b.count)
        guard !a.isEmpty, !b.isEmpty else { return 1 }
        let pooled = (a.map { ($0, 0) } + b.map { ($0, 1) }).sorted { $0.0 < $1.0 }
        var ranks = [Double](repeating: 0, count: pooled.count)
        var tieTerm = 0.0
        var i = 0
        while i < pooled.count {
            var j = i
            while j + 1 < pooled.count && pooled[j + 1].0 == pooled[i].0 { j += 1 }
            let rank = Double(i + j + 2) / 2
            for index in i...j { ranks[index] = rank }
            let t = Double(j - i + 1)
            tieTerm += t * t * t - t
            i = j + 1
        }
        let rankSumA = zip(pooled, ranks).filter { $0.0.1 == 0 }.reduce(0) { $0 + $1.1 }
        let u = rankSumA - n1 * (n1 + 1) / 2
        if tieTerm == 0, a.count <= 25, b.count <= 25 {
            return exactPValue(u: u, n1: a.count, n2: b.count)
        }
        let mean = n1 * n2 / 2
        let n = n1 + n2
        let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return 1 }
        let z = (abs(u - mean) - 0.5) / variance.squareRoot()
        return min(1, max(0, erfc(max(0, z) / 2.0.squareRoot())))
    }
}

extension MannWhitney {
    /// P(|U − mean| ≥ |u − mean|) under the null, by counting arrangements (dynamic programming).
    static func exactPValue(u: Double, n1: Int, n2: Int) -> Double {
        // counts[i][j][s]: ways to arrange i values of A and j of B with U = s.
        let maxU = n1 * n2
        var previous = [[Double]](repeating: [Double](repeating: 0, count: maxU + 1), count: n2 + 1)
        for j in 0...n2 { previous[j][0] = 1 }
        for _ in 1...n1 {
            var current = [[Double]](repeating: [Double](repeating: 0, count: maxU + 1), count: n2 + 1)
            current[0][0] = 1
            for j in 1...max(1, n2) where j <= n2 {
                for s in 0...maxU {
                    // The largest value is from A (adds j to U) or from B (adds nothing).
                    var ways = current[j - 1][s]
                    if s >= j { ways += previous[j][s - j] }
                    current[j][s] = ways
                }
            }
            previous = current
        }
        let distribution = previous[n2]
        let total = distribution.reduce(0, +)
        let mean = Double(maxU) / 2
        let distance = abs(u - mean) - 1e-9
        var tail = 0.0
        for s in 0...maxU where abs(Double(s) - mean) >= distance { tail += distribution[s] }
        return min(1, tail / total)
    }
}

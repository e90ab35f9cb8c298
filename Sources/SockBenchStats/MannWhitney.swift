import Foundation
import SockBenchCore
import SockBenchModel

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

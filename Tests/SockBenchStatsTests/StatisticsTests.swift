@testable import SockBenchStats
import Testing

@Suite struct StatisticsTests {
    @Test func describesAKnownSample() throws {
        let s = try #require(SampleStatistics([5, 1, 4, 2, 3]))
        #expect(s.n == 5)
        #expect(s.median == 3)
        #expect(s.mean == 3)
        #expect(abs(s.standardDeviation - 1.5811388) < 1e-6)
        #expect(abs(s.coefficientOfVariation - 0.5270463) < 1e-6)
        // n = 5 cannot reach 95%: the interval is the full range, coverage 1 − 2/32.
        #expect(s.confidenceLow == 1 && s.confidenceHigh == 5)
        #expect(abs(s.coverage - 0.9375) < 1e-12)
    }

    @Test func medianIntervalNarrowsWithMoreRepetitions() throws {
        let values = (1...20).map(Double.init)
        let s = try #require(SampleStatistics(values))
        #expect(s.median == 10.5)
        // n = 20: k = 6 gives coverage 0.9586 (k = 7 would drop to 0.8847).
        #expect(s.confidenceLow == 6 && s.confidenceHigh == 15)
        #expect(s.coverage >= 0.95)
    }

    @Test func evenSampleMedianAveragesTheMiddle() {
        #expect(SampleStatistics([1, 2, 3, 10])?.median == 2.5)
        #expect(SampleStatistics([]) == nil)
    }

    @Test func mannWhitneySeparatesShiftedSamples() {
        let a = [100.0, 101, 99, 102, 98]
        let b = [50.0, 51, 49, 52, 48]
        // Completely separated 5 vs 5: exact two-sided p = 2/252.
        #expect(abs(MannWhitney.pValue(a, b) - 2.0 / 252.0) < 1e-9)
        let overlapping = [100.5, 99.5, 101.5, 98.5, 100.0]
        #expect(MannWhitney.pValue(a, overlapping) > 0.3)
        #expect(MannWhitney.pValue([1], [2]) == 1)
    }

    @Test func tiesKeepTheExactTest() {
        // Separated samples with repeated values (histogram percentiles repeat): still p = 2/252.
        let before = [30.0, 31, 29, 30, 32]
        let after = [60.0, 61, 59, 62, 60]
        #expect(abs(MannWhitney.pValue(before, after) - 2.0 / 252.0) < 1e-9)
        #expect(MannWhitney.pValue([5, 5, 5, 5, 5], [5, 5, 5, 5, 5]) == 1)
    }
}

/// The paired-ratio estimator: the 20% trimmed mean of the log ratios with its Tukey–McLaughlin
/// interval, checked against the same formula evaluated with scipy (`stats.trim_mean`,
/// `stats.t.ppf`) on the same sample.
@Suite struct DriftAwareLogMeanTests {
    @Test func matchesTheReferenceComputation() throws {
        let r = try #require(DriftAwareLogMean([0.9, 1.1, 1.0, 0.7, 3.0, 1.05, 0.95, 1.2, 0.85, 1.0]))
        #expect(r.n == 10)
        #expect(abs(r.estimate - 0.997_909_9) < 1e-6)
        // t(0.975, 5) from the expansion is 0.01% below the exact 2.5706, so the ends agree to 1e-4.
        #expect(abs(r.low - 0.889_020) < 1e-4)
        #expect(abs(r.high - 1.120_137) < 1e-4)
    }

    /// The outlying 3.0 is trimmed: it moves the estimate as little as a value just above the rest would.
    @Test func anOutlyingSlotIsTrimmed() throws {
        let base = [0.9, 1.1, 1.0, 0.7, 1.05, 0.95, 1.2, 0.85, 1.0]
        let far = try #require(DriftAwareLogMean(base + [3.0])), near = try #require(DriftAwareLogMean(base + [1.25]))
        #expect(far.estimate == near.estimate)
    }

    /// Swapping numerator and denominator inverts the ratio and its interval.
    @Test func isSymmetricInTheRatio() throws {
        let ratios = [0.8, 1.3, 1.1, 0.95, 1.7, 1.02, 0.99]
        let r = try #require(DriftAwareLogMean(ratios)), inverse = try #require(DriftAwareLogMean(ratios.map { 1 / $0 }))
        #expect(abs(r.estimate * inverse.estimate - 1) < 1e-12)
        #expect(abs(r.low * inverse.high - 1) < 1e-12)
    }

    @Test func oneValueHasNoInterval() throws {
        let r = try #require(DriftAwareLogMean([2]))
        #expect(r.low == 0 && r.high == .infinity)
        #expect(DriftAwareLogMean([0, -1, .nan]) == nil)
    }

    @Test func tQuantilesMatchTheTable() {
        let table: [(Int, Double)] = [(1, 12.7062), (2, 4.3027), (3, 3.1824), (4, 2.7764), (5, 2.5706), (10, 2.2281), (30, 2.0423), (100, 1.9840)]
        for (nu, expected) in table {
            #expect(abs(StudentT.quantile975(degreesOfFreedom: nu) - expected) / expected < 0.0015, "ν = \(nu)")
        }
    }
}

@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchReport
@testable import SockBenchRunner
@testable import SockBenchStats
@testable import SockBenchStore
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

import CSockBenchLoops
import Histogram
@testable import SockBenchCore
import Testing

/// The ping-pong client's inlined counters give exactly the histogram HdrHistogram's record gives.
@Suite struct RoundTripCountsTests {
    /// Spread over every bucket: powers of two and their neighbours, plus a fixed pseudo-random sample.
    static let values: [UInt64] = {
        var values: [UInt64] = [0, 1, 2, 3, 1000, 2047, 2048, 2049, 60_000_000_000, (1 << 36) - 1, 1 << 36, 1 << 40, .max]
        for shift in 1..<36 { values += [(1 << UInt64(shift)) - 1, 1 << UInt64(shift), (1 << UInt64(shift)) + 1] }
        // A fixed linear congruential sample, so a failure can be replayed.
        var state: UInt64 = 0x9E37_79B9
        for _ in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values.append((state >> 28) % 70_000_000_000)
        }
        return values
    }()

    @Test func indexAndValueFollowHdrHistogramsLayout() {
        let histogram = Histogram<UInt64>.roundTrip()
        for value in Self.values {
            let index = RoundTripCounts.index(of: value)
            #expect(index.map(Int32.init) ?? -1 == csbl_histogram_index_of(value), "C and Swift disagree on \(value)")
            guard let index else {
                var probe = histogram
                let recorded = probe.record(value)
                #expect(!recorded, "\(value) is past the counters but HdrHistogram took it")
                continue
            }
            #expect(RoundTripCounts.value(at: index) == histogram.lowestEquivalentForValue(value), "value \(value)")
            #expect(csbl_histogram_value_at(Int32(index)) == RoundTripCounts.value(at: index))
        }
    }

    @Test func countsBuildTheSameHistogramAsRecordingDirectly() {
        var direct = Histogram<UInt64>.roundTrip()
        var counts = RoundTripCounts()
        var outOfRange = 0
        for value in Self.values {
            if !direct.record(value) { outOfRange += 1 }
            counts.record(value)
        }
        let built = counts.histogram()
        #expect(counts.outOfRange == outOfRange && outOfRange > 0)
        #expect(built.totalCount == direct.totalCount)
        #expect(built.min == direct.min && built.max == direct.max && built.minNonZero == direct.minNonZero)
        #expect(built.mean == direct.mean)
        for percentile in [1.0, 25, 50, 90, 99, 99.9, 99.99] {
            #expect(built.valueAtPercentile(percentile) == direct.valueAtPercentile(percentile), "p\(percentile)")
        }
        #expect(built == direct)
    }

    @Test func anEmptyRecorderGivesAnEmptyHistogram() {
        let counts = RoundTripCounts()
        #expect(counts.histogram().totalCount == 0)
    }
}

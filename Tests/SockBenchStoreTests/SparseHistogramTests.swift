import Foundation
import Histogram
import Testing
@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchStore

/// `nonEmptyBuckets()` and `bucketMean` replace HdrHistogram's iterator on the coordinator's path;
/// they must give exactly what the iterator gives.
struct SparseHistogramTests {
    static func sample(seed: UInt64, count: Int) -> Histogram<UInt64> {
        var generator = SeededGenerator(seed: seed)
        var histogram = Histogram<UInt64>.roundTrip()
        for _ in 0..<count {
            // Round trips from 1 µs to about 20 ms on a log scale, with a tail and a few zeros.
            let exponent = Double.random(in: 10...24.3, using: &generator)
            let value = UInt64.random(in: 0..<50, using: &generator) == 0 ? 0 : UInt64(pow(2, exponent))
            _ = histogram.record(value)
        }
        return histogram
    }

    @Test(arguments: [(1, 1), (2, 100), (3, 10_000), (4, 200_000)])
    func bucketsAndMeanMatchTheIterator(seed: UInt64, count: Int) {
        let histogram = Self.sample(seed: seed, count: count)
        let expected = histogram.recordedValues().map { [$0.value, UInt64($0.count)] }
        #expect(histogram.nonEmptyBuckets().map { [$0.value, $0.count] } == expected)
        #expect(SparseHistogram(histogram).buckets == expected)
        #expect(histogram.bucketMean == histogram.mean)
        let percentiles = [0, 0.1, 1, 25, 50, 90, 99, 99.9, 99.99, 100]
        #expect(histogram.bucketStatistics(percentiles: percentiles).values == percentiles.map { histogram.valueAtPercentile($0) })
    }

    @Test func emptyAndSingleValueHistograms() {
        var histogram = Histogram<UInt64>.roundTrip()
        #expect(histogram.nonEmptyBuckets().isEmpty)
        #expect(histogram.bucketMean == 0)
        _ = histogram.record(40_000_000_000)
        #expect(histogram.nonEmptyBuckets().map(\.count) == [1])
        #expect(histogram.bucketMean == histogram.mean)
    }

    @Test func summaryFromASparseRoundTripIsTheHistogramsOwn() {
        let histogram = SparseHistogram(Self.sample(seed: 9, count: 5_000)).histogram()
        let summary = RoundTripSummary(histogram)
        #expect(summary.mean == histogram.mean / 1000)
        #expect(summary.p99 == Double(histogram.valueAtPercentile(99)) / 1000)
        #expect(summary.p999 == Double(histogram.valueAtPercentile(99.9)) / 1000)
    }

    @Test func writtenJSONIsWhatJSONEncoderWrites() throws {
        for sparse in [SparseHistogram(Self.sample(seed: 5, count: 3_000)), SparseHistogram(Histogram<UInt64>.roundTrip())] {
            #expect(sparse.json() == String(decoding: try JSONEncoder().encode(sparse), as: UTF8.self) + "\n")
        }
    }
}

import Histogram

/// A histogram stored as its non-empty buckets: small, diff-friendly, exact to the bucket.
public struct SparseHistogram: Codable, Sendable, Hashable {
    /// [highest equivalent value in ns, count] per non-empty bucket (what `recordedValues()` yields).
    public var buckets: [[UInt64]]

    public init(_ histogram: Histogram<UInt64>) {
        buckets = histogram.nonEmptyBuckets().map { [$0.value, $0.count] }
    }

    public func histogram() -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>.roundTrip()
        for bucket in buckets where bucket.count == 2 { _ = histogram.record(bucket[0], count: bucket[1]) }
        return histogram
    }
}

extension Histogram<UInt64> {
    /// The non-empty buckets in value order as (highest equivalent value, count): the values and
    /// counts of `recordedValues()`, found by stepping from bucket to bucket between the smallest
    /// and the largest recorded value. The generic iterator walks every counter (27 648 in the
    /// round-trip layout) and cost the coordinator about 3 ms per pass, twice per measurement.
    public func nonEmptyBuckets() -> [(value: UInt64, count: UInt64)] {
        guard totalCount > 0 else { return [] }
        var buckets: [(value: UInt64, count: UInt64)] = []
        var value = lowestEquivalentForValue(min)
        let last = maxRecorded
        while value <= last {
            let count = countForValue(value)
            if count > 0 { buckets.append((highestEquivalentForValue(value), UInt64(count))) }
            let next = nextNonEquivalentForValue(value)
            if next <= value { break }
            value = next
        }
        return buckets
    }

    /// The mean of the recorded values, each bucket counted at its median equivalent value
    /// (`Histogram.mean`'s definition, without its per-counter iterator).
    public var bucketMean: Double { bucketStatistics(percentiles: []).mean }

    /// The mean and `valueAtPercentile` of each of `percentiles`, from one walk over the non-empty
    /// buckets, by the same definitions as `Histogram.mean` and `Histogram.valueAtPercentile`.
    public func bucketStatistics(percentiles: [Double]) -> (mean: Double, values: [UInt64]) {
        let buckets = nonEmptyBuckets()
        guard totalCount > 0 else { return (0, percentiles.map { _ in 0 }) }
        var total = 0.0
        for bucket in buckets { total += Double(medianEquivalentForValue(bucket.value)) * Double(bucket.count) }
        let values = percentiles.map { percentile -> UInt64 in
            if percentile == 0 { return min }
            if percentile >= 100 { return maxRecorded }
            let requested = Swift.min(Swift.max(percentile.nextDown, 0), 100)
            let needed = Swift.max(1, UInt64((requested * Double(totalCount) / 100).rounded(.up)))
            var seen: UInt64 = 0
            for bucket in buckets {
                seen += bucket.count
                if seen >= needed { return Swift.max(Swift.min(bucket.value, maxRecorded), min) }
            }
            return 0
        }
        return (total / Double(totalCount), values)
    }
}

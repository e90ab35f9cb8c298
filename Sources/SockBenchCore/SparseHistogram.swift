import Histogram

/// A histogram stored as its non-empty buckets: small, diff-friendly, exact to the bucket.
public struct SparseHistogram: Codable, Sendable, Hashable {
    /// [lowest equivalent value in ns, count] per non-empty bucket.
    public var buckets: [[UInt64]]

    public init(_ histogram: Histogram<UInt64>) {
        buckets = histogram.recordedValues().map { [$0.value, UInt64($0.count)] }
    }

    public func histogram() -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>.roundTrip()
        for bucket in buckets where bucket.count == 2 { _ = histogram.record(bucket[0], count: bucket[1]) }
        return histogram
    }
}

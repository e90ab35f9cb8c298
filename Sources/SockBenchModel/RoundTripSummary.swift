import Histogram
import SockBenchCore

/// Round-trip time statistics of one measurement, in microseconds.
public struct RoundTripSummary: Codable, Sendable, Hashable {
    public var minimum: Double
    public var mean: Double
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    public var maximum: Double

    public init(minimum: Double, mean: Double, p50: Double, p90: Double, p99: Double, p999: Double, maximum: Double) {
        self.minimum = minimum
        self.mean = mean
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.p999 = p999
        self.maximum = maximum
    }

    /// From a histogram of nanoseconds.
    public init(_ histogram: Histogram<UInt64>) {
        func us(_ ns: UInt64) -> Double { Double(ns) / 1000 }
        let statistics = histogram.bucketStatistics(percentiles: [50, 90, 99, 99.9])
        minimum = us(histogram.min)
        mean = statistics.mean / 1000
        p50 = us(statistics.values[0])
        p90 = us(statistics.values[1])
        p99 = us(statistics.values[2])
        p999 = us(statistics.values[3])
        maximum = us(histogram.max)
    }
}

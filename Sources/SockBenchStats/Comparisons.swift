import SockBenchModel

/// One B-versus-A comparison of `--compare`: a metric's per-slot ratio B/A and how it reads.
public struct PairedComparison: Sendable {
    public var spec: CompareSpec
    public var a: Cell
    public var b: Cell
    public var metric: Metric
    public var ratio: PairedRatio

    /// "faster", "slower" or "no clear difference" for B against A, from the interval alone and
    /// the metric's polarity (a lower round-trip time is faster).
    public var reading: String {
        switch PairedReading(ratio) {
        case .noClearDifference: "no clear difference"
        case .higher: metric.higherIsBetter ? "faster" : "slower"
        case .lower: metric.higherIsBetter ? "slower" : "faster"
        }
    }
}

public enum Comparisons {
    /// Every B cell of every group against its A cell, pairing measurements of the same slot.
    public static func make(_ spec: CompareSpec, cells: [Cell], measurements: [CellMeasurement]) -> [PairedComparison] {
        spec.groups(cells).flatMap { group in
            group.dropFirst().flatMap { b in
                spec.metrics(for: b).compactMap { metric -> PairedComparison? in
                    let numerator = PairedRatio.values(of: b, in: measurements, metric.value(in:))
                    let denominator = PairedRatio.values(of: group[0], in: measurements, metric.value(in:))
                    // A metric neither cell has (one-way latency of an unpaced stream) is not a row.
                    guard !numerator.isEmpty || !denominator.isEmpty else { return nil }
                    return PairedComparison(
                        spec: spec, a: group[0], b: b, metric: metric,
                        ratio: PairedRatio(numerator: numerator, denominator: denominator, times: PairedRatio.times(of: [group[0], b], in: measurements))
                    )
                }
            }
        }
    }
}

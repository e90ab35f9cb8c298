import Foundation

/// Positive values that fall into two separate groups: a measurement that switches between two
/// states (on the development VM, TCP's 64 B stream with TCP_NODELAY between cores runs at about
/// 200 000 msg/s in most 25 ms slots and at 1–2 million in the rest), or a machine that was busy
/// for part of a run. A centre and an interval of such values describe their mixture, which a rerun
/// need not repeat, so reports name the two modes instead of only widening the interval.
///
/// The split: of the cuts of the sorted logarithms that leave at least 10% (and 3 values) on each
/// side, the one with the largest Ashman's D = √2·|m₁ − m₂| / √(s₁² + s₂²) (Ashman, Bird & Zepf
/// 1994: D > 2 is needed for a clean separation of two normal components). Because the cut is the
/// best of many, one normal sample gives D of about 3 at its best cut, and a skewed one (a long
/// tail of slow slots) more, so the bar here is higher: D ≥ 4, the modes at least 1.5× apart, at
/// least 30 values, and a dip between them: at most 5% of the values in the middle third of the
/// stretch between the two groups' centres (a tail fills it, two states leave it nearly empty).
/// `TwoModesTests` measures the false alarms on one-mode samples: at most about 3% at 30 values,
/// less from 50 on.
public struct TwoModes: Sendable, Hashable {
    public static let minimumSeparation = 4.0
    public static let minimumFactor = 1.5
    public static let minimumShare = 0.1
    public static let minimumCount = 30
    /// At most this share of the values may lie in the middle third between the two centres.
    public static let maximumMiddleShare = 0.05

    /// Geometric means of the lower and the upper group.
    public var lower: Double
    public var upper: Double
    /// The lower group's share of the values (0.78 = 78%).
    public var lowerShare: Double
    /// Ashman's D of the split, on the logarithms.
    public var separation: Double

    public var upperShare: Double { 1 - lowerShare }
    /// How far apart the two modes are (upper over lower).
    public var factor: Double { upper / lower }

    /// Nil unless the values separate into two groups by the rules above.
    public init?(_ values: [Double]) {
        let logs = values.filter { $0 > 0 && $0.isFinite }.map { Foundation.log($0) }.sorted()
        let n = logs.count
        guard n >= Self.minimumCount else { return nil }
        let smallest = max(3, Int((Self.minimumShare * Double(n)).rounded(.up)))
        guard n - smallest >= smallest else { return nil }
        // Prefix sums of x and x² make every cut O(1).
        var sums = [0.0], squares = [0.0]
        for x in logs {
            sums.append(sums.last! + x)
            squares.append(squares.last! + x * x)
        }
        func moments(_ from: Int, _ to: Int) -> (mean: Double, variance: Double) {
            let count = Double(to - from)
            let mean = (sums[to] - sums[from]) / count
            let variance = max(0, (squares[to] - squares[from]) - count * mean * mean) / (count - 1)
            return (mean, variance)
        }
        var best: (d: Double, cut: Int, low: Double, high: Double)?
        for cut in smallest...(n - smallest) {
            let a = moments(0, cut), b = moments(cut, n)
            let spread = (a.variance + b.variance).squareRoot()
            let d = spread > 0 ? 2.0.squareRoot() * (b.mean - a.mean) / spread : .infinity
            if best == nil || d > best!.d { best = (d, cut, a.mean, b.mean) }
        }
        guard let best, best.d >= Self.minimumSeparation, Foundation.exp(best.high - best.low) >= Self.minimumFactor else { return nil }
        let third = (best.high - best.low) / 3
        let middle = logs.filter { $0 > best.low + third && $0 < best.high - third }.count
        guard Double(middle) <= Self.maximumMiddleShare * Double(n) else { return nil }
        lower = Foundation.exp(best.low)
        upper = Foundation.exp(best.high)
        lowerShare = Double(best.cut) / Double(n)
        separation = best.d
    }

    /// "3.62 in 78% of slots, 0.45 in 22%" with `format` for the two values.
    public func text(_ format: (Double) -> String, unit: String = "slots") -> String {
        String(format: "%@ in %.0f%% of %@, %@ in %.0f%%", format(upper), upperShare * 100, unit, format(lower), lowerShare * 100)
    }
}

import Foundation
import SockBenchModel

/// The ratio of two cells measured back to back in the same slots, and its 95% interval.
///
/// Each slot gives one ratio (numerator's value over the denominator's, both from that slot), so
/// whatever slows both sides alike during the slot cancels; a change of the ratio itself over
/// minutes does not (Benchmarks/drift.sh shows one on a shared VM), so the interval also takes in
/// the drift measured between time blocks of the run (`DriftAwareLogMean`). Slots are numbered in
/// the order they were measured (every group's slot k comes before any slot k+1), so slot order is
/// time order. A stalled slot's outlying ratio is trimmed away.
public struct PairedRatio: Sendable {
    /// One per slot in which both sides succeeded, in slot order.
    public var slots: [Slot]
    public var estimate: DriftAwareLogMean?

    public struct Slot: Sendable, Hashable {
        public var slot: Int
        public var numerator: Double
        public var denominator: Double
        /// When the slot was measured: seconds from the run's start to the earlier of its two
        /// measurements (nil in runs recorded before measurements had times).
        public var seconds: Double?
        public var ratio: Double { numerator / denominator }
    }

    /// Pairs the values of the same slot (the measurement's repetition number) on both sides;
    /// `times` (from `times(of:in:)` of both cells, merged) dates each slot.
    public init(numerator: [Int: Double], denominator: [Int: Double], times: [Int: Double] = [:]) {
        slots = numerator.keys.sorted().compactMap { slot in
            guard let a = numerator[slot], let b = denominator[slot], a.isFinite, b.isFinite, b > 0 else { return nil }
            return Slot(slot: slot, numerator: a, denominator: b, seconds: times[slot])
        }
        estimate = DriftAwareLogMean(slots.map(\.ratio))
    }

    /// `cell`'s successful measurements' values of `value`, keyed by slot (repetition number).
    public static func values(
        of cell: Cell, in measurements: [CellMeasurement], _ value: (CellMeasurement) -> Double?
    ) -> [Int: Double] {
        var values: [Int: Double] = [:]
        for m in measurements where m.cell == cell && m.status == .ok {
            if let v = value(m) { values[m.repetition] = v }
        }
        return values
    }

    /// When each slot of `cells` started (seconds since the run began): the earliest of their
    /// successful measurements in that slot.
    public static func times(of cells: [Cell], in measurements: [CellMeasurement]) -> [Int: Double] {
        var times: [Int: Double] = [:]
        for m in measurements where cells.contains(m.cell) && m.status == .ok {
            guard let started = m.startedNanoseconds else { continue }
            times[m.repetition] = min(times[m.repetition] ?? .infinity, Double(started) / 1e9)
        }
        return times
    }

    /// How the ratio and its interval are computed, in the words every report uses.
    public static let method = "20% trimmed geometric mean of the per-slot ratios; its 95% interval adds the drift between time blocks of the run to the slots' scatter"

    public var ratio: Double? { estimate?.estimate }
    public var low: Double? { estimate?.low }
    public var high: Double? { estimate?.high }
    /// Half the interval's width relative to the ratio (0.05 = ±5%).
    public var relativeHalfWidth: Double { estimate?.relativeHalfWidth ?? .infinity }
    /// How far the ratio wandered between time blocks (0.05 ≈ ±5%); nil when too few slots.
    public var relativeDrift: Double? { estimate.flatMap { $0.driftMeasured ? $0.relativeDrift : nil } }

    /// The per-slot ratios' two modes, when they separate into two (`TwoModes`).
    public var modes: TwoModes? { TwoModes(slots.map(\.ratio)) }
    /// The numerator's own values' two modes (which side switches between two states).
    public var numeratorModes: TwoModes? { TwoModes(slots.map(\.numerator)) }
    public var denominatorModes: TwoModes? { TwoModes(slots.map(\.denominator)) }
}

/// How a paired ratio reads, from its interval alone.
public enum PairedReading: String, Sendable, Codable {
    /// The whole interval lies above 1: the numerator's value is larger.
    case higher
    /// The whole interval lies below 1.
    case lower
    /// The interval includes 1.
    case noClearDifference = "no clear difference"

    public init(_ ratio: PairedRatio) {
        guard let low = ratio.low, let high = ratio.high else {
            self = .noClearDifference
            return
        }
        self = low > 1 ? .higher : high < 1 ? .lower : .noClearDifference
    }
}

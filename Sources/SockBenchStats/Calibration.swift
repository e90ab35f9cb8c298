import Foundation
import SockBenchCore
import SockBenchModel

/// One repetition of one cell: its Swift and C measurements, taken back to back.
public struct CalibrationPair: Sendable {
    public var cell: Cell
    public var repetition: Int
    public var swift: CellMeasurement
    public var c: CellMeasurement
    /// Which engine ran first (the order alternates between repetitions).
    public var swiftFirst: Bool

    public init(cell: Cell, repetition: Int, swift: CellMeasurement, c: CellMeasurement, swiftFirst: Bool) {
        self.cell = cell
        self.repetition = repetition
        self.swift = swift
        self.c = c
        self.swiftFirst = swiftFirst
    }

    public var ok: Bool { swift.status == .ok && c.status == .ok }

    /// Swift msg/s over C msg/s: below 1 means the Swift loops are slower.
    public var rateRatio: Double? {
        guard ok, let s = swift.messagesPerSecond, let r = c.messagesPerSecond, r > 0 else { return nil }
        return s / r
    }

    /// Swift p50 over C p50 of the latency the cell measures (ping-pong and rr: round trip; paced
    /// stream: one-way from the intended send time): above 1 means the Swift loops are slower.
    public var p50Ratio: Double? {
        guard ok, let s = Self.p50(swift), let r = Self.p50(c), r > 0 else { return nil }
        return s / r
    }

    /// The latency p50 a calibration compares (µs): the round trip, else a paced stream's one-way latency.
    public static func p50(_ m: CellMeasurement) -> Double? { m.roundTrip?.p50 ?? m.oneWay?.p50 }
}

/// A cell's pairs and the statistics of their ratios.
public struct CalibrationCell: Sendable {
    public var cell: Cell
    public var pairs: [CalibrationPair]
    /// Median of the per-pair msg/s ratios with its order-statistics CI.
    public var rateRatio: SampleStatistics?
    public var p50Ratio: SampleStatistics?

    public init(cell: Cell, pairs: [CalibrationPair]) {
        self.cell = cell
        self.pairs = pairs.sorted { $0.repetition < $1.repetition }
        rateRatio = SampleStatistics(pairs.compactMap(\.rateRatio))
        p50Ratio = SampleStatistics(pairs.compactMap(\.p50Ratio))
    }

    public var failedPairs: Int { pairs.filter { !$0.ok }.count }

    /// Median of one engine's msg/s over the cell's successful pairs.
    public func medianRate(_ engine: Engine) -> Double? {
        let rates = pairs.filter(\.ok).compactMap { (engine == .swift ? $0.swift : $0.c).messagesPerSecond }
        return SampleStatistics(rates)?.median
    }

    /// Where the cell stands against the C loops: off parity when a median ratio is further than
    /// `tolerance` from 1 and its CI excludes 1; inconclusive when the median is that far but the CI
    /// still includes 1 (the noise is larger than the difference).
    public func parity(tolerance: Double) -> Parity {
        var off: [String] = []
        var unsure: [String] = []
        func judge(_ statistics: SampleStatistics?, name: String, slowerAbove: Bool) {
            guard let s = statistics, abs(s.median - 1) > tolerance else { return }
            let slower = (s.median > 1) == slowerAbove
            let reason = "\(name) \(slower ? "slower" : "faster") by \(NumberFormat.percent(abs(s.median - 1)))"
            if s.confidenceLow > 1 || s.confidenceHigh < 1 { off.append(reason) } else { unsure.append(reason) }
        }
        judge(rateRatio, name: "msg/s", slowerAbove: false)
        judge(p50Ratio, name: "p50", slowerAbove: true)
        if !off.isEmpty { return .off(off + unsure) }
        if !unsure.isEmpty { return .inconclusive(unsure) }
        return .atParity
    }
}

/// A cell's standing against the C reference loops.
public enum Parity: Sendable, Equatable {
    case atParity
    /// Further than the tolerance, and the CI of the median ratio excludes 1.
    case off([String])
    /// Further than the tolerance, but the CI of the median ratio includes 1.
    case inconclusive([String])

    /// `ok`, `OFF: …` or `noisy: …`, as the table and calibration.csv print it.
    public var label: String {
        switch self {
        case .atParity: "ok"
        case .off(let reasons): "OFF: " + reasons.joined(separator: ", ")
        case .inconclusive(let reasons): "noisy: " + reasons.joined(separator: ", ")
        }
    }
}

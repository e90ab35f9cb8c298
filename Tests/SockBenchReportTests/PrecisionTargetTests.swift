import Foundation
@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchStats
import Testing

/// `--target-ci` targets the metric the answer is computed on: the pattern's answer (round-trip p50
/// for pingpong and rr, one-way p50 for a paced stream, msg/s for an unpaced stream), the first
/// `--metric` a cell has, and with `--compare` the paired ratio rather than each cell's median.
@Suite struct PrecisionTargetTests {
    static let pingpong = Cell(transport: .unix, pattern: .pingpong, sizeBytes: 64)
    static let tcpPingpong = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: true)
    static let rr = Cell(transport: .unix, pattern: .rr, sizeBytes: 64, ratePerSecond: 2000)
    static let paced = Cell(transport: .unix, pattern: .stream, sizeBytes: 64, ratePerSecond: 10_000)
    static let stream = Cell(transport: .unix, pattern: .stream, sizeBytes: 64)
    static let connect = Cell(transport: .unix, pattern: .connect, sizeBytes: 64)

    /// Five repetitions of `cell`: msg/s from `rates`, round-trip p50 from `p50s` (ping-pong-like cells).
    static func measurements(_ cell: Cell, rates: [Double], p50s: [Double]? = nil) -> [CellMeasurement] {
        rates.enumerated().map { index, rate in
            var m = CellMeasurement(cell: cell, repetition: index + 1)
            m.messagesPerSecond = rate
            m.startedNanoseconds = UInt64(index) * 1_000_000_000
            if let p50 = p50s?[index] {
                m.roundTrip = RoundTripSummary(minimum: p50, mean: p50, p50: p50, p90: p50, p99: 2 * p50, p999: 3 * p50, maximum: 4 * p50)
            }
            return m
        }
    }

    @Test func withoutMetricTheCellsPatternDecides() {
        let target = PrecisionTarget(relativeHalfWidth: 0.02)
        #expect(target.metric(for: Self.pingpong, in: []) == .roundTripP50)
        #expect(target.metric(for: Self.rr, in: []) == .roundTripP50)
        #expect(target.metric(for: Self.paced, in: []) == .oneWayP50)
        #expect(target.metric(for: Self.stream, in: []) == .messagesPerSecond)
        #expect(target.metric(for: Self.connect, in: []) == .messagesPerSecond)
    }

    @Test func theFirstMetricACellHasIsTargetedElseThePatternsAnswer() {
        let target = PrecisionTarget(relativeHalfWidth: 0.02, metrics: [.roundTripP99, .megabytesPerSecond])
        var streamRows = Self.measurements(Self.stream, rates: [1, 2, 3])
        for index in streamRows.indices { streamRows[index].megabytesPerSecond = 5 }
        let measured = Self.measurements(Self.pingpong, rates: [1, 2, 3], p50s: [10, 11, 12]) + streamRows
        #expect(target.metric(for: Self.pingpong, in: measured) == .roundTripP99)
        // A stream has no round trips: the next metric of the list it has.
        #expect(target.metric(for: Self.stream, in: measured) == .megabytesPerSecond)
        // A cell with none of them (nothing measured yet): its pattern's answer.
        #expect(target.metric(for: Self.paced, in: measured) == .oneWayP50)
        #expect(target.plannedMetric(for: Self.stream) == .roundTripP99)
    }

    /// Ping-pong whose msg/s is steady but whose round-trip p50 scatters: the latency interval is
    /// the one targeted, so the cell gets more slots (the old rule, on msg/s, stopped at once).
    @Test func aSteadyRateDoesNotStopACellWhoseLatencyScatters() {
        let measured = Self.measurements(Self.pingpong, rates: [100_000, 100_010, 100_020, 100_005, 100_015], p50s: [10, 14, 9, 13, 11])
        let groups = [[0]]
        #expect(PrecisionTarget(relativeHalfWidth: 0.02).wideGroups(groups, cells: [Self.pingpong], compare: nil, measurements: measured) == [0])
        #expect(PrecisionTarget(relativeHalfWidth: 0.02, metrics: [.messagesPerSecond]).wideGroups(groups, cells: [Self.pingpong], compare: nil, measurements: measured) == [])
        let widths = PrecisionTarget(relativeHalfWidth: 0.02).widths(of: [0], cells: [Self.pingpong], compare: nil, measurements: measured)
        #expect(widths.map(\.metric) == [.roundTripP50])
        #expect(widths[0].against == nil)
    }

    /// With --compare the paired ratio is targeted: two cells that drift together have wide medians
    /// but a narrow ratio, so the pair needs no more slots; a ratio that scatters gets more.
    @Test func withCompareTheRatioIntervalIsTargetedNotEachMedian() {
        let cells = [Self.pingpong, Self.tcpPingpong]
        let compare = CompareSpec(axis: .transport, a: "unix", b: "tcp")
        let drifting: [Double] = [10, 20, 14, 30, 12]
        let together = Self.measurements(cells[0], rates: [1, 1, 1, 1, 1], p50s: drifting)
            + Self.measurements(cells[1], rates: [1, 1, 1, 1, 1], p50s: drifting.map { $0 * 1.3 })
        let target = PrecisionTarget(relativeHalfWidth: 0.02)
        #expect(target.wideGroups([[0, 1]], cells: cells, compare: compare, measurements: together) == [])
        #expect(target.wideGroups([[0, 1]], cells: cells, compare: nil, measurements: together) == [0], "each median alone is wide")
        let widths = target.widths(of: [0, 1], cells: cells, compare: compare, measurements: together)
        #expect(widths.count == 1 && widths[0].cell == cells[1] && widths[0].against == cells[0] && widths[0].metric == .roundTripP50)

        let apart = Self.measurements(cells[0], rates: [1, 1, 1, 1, 1], p50s: drifting)
            + Self.measurements(cells[1], rates: [1, 1, 1, 1, 1], p50s: [13, 20, 30, 31, 12])
        #expect(target.wideGroups([[0, 1]], cells: cells, compare: compare, measurements: apart) == [0])
        let warning = target.shortfalls([[0, 1]], cells: cells, compare: compare, measurements: apart)
        #expect(warning.count == 1 && warning[0].contains("the rtt_p50_us ratio's 95% interval") && warning[0].contains("--target-ci 2.0%"), "\(warning)")
    }

    @Test func dryRunNamesTheMetric() {
        #expect(PrecisionTarget(relativeHalfWidth: 0.02).describe(cells: [Self.pingpong, Self.stream, Self.paced], compare: nil)
            == "each cell's median of rtt_p50_us (pingpong), msg_per_s (stream), owl_p50_us (paced stream)")
        #expect(PrecisionTarget(relativeHalfWidth: 0.02, metrics: [.roundTripP99]).describe(cells: [Self.pingpong, Self.tcpPingpong], compare: CompareSpec(axis: .transport, a: "unix", b: "tcp"))
            == "the ratio B/A of rtt_p99_us (--metric) of each --compare pair (a cell without it: its pattern's answer)")
    }
}

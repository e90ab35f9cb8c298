@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchReport
@testable import SockBenchStats
@testable import SockBenchStore
import Testing

/// The knee search over a made-up transport whose latency and achieved rate are known functions of
/// the offered rate, the rate axis of the matrix, and the paced CSV columns.
@Suite struct KneeSearchTests {
    /// p99 grows past 200 µs above 300 000 msg/s; the sender tops out at 1 000 000.
    static func fake(_ cell: Cell) -> CellMeasurement {
        let rate = Double(cell.ratePerSecond!)
        var m = CellMeasurement(cell: cell, repetition: 1)
        m.messagesPerSecond = min(rate, 1_000_000)
        let p99 = rate <= 300_000 ? 50 : 500.0
        m.oneWay = RoundTripSummary(minimum: 1, mean: 10, p50: 10, p90: 20, p99: p99, p999: p99 * 2, maximum: p99 * 3)
        return m
    }

    @Test func findsTheHighestPassingRateWithinABisectionStep() {
        let cell = Cell(transport: .unix, pattern: .stream, sizeBytes: 64)
        let sweep = KneeSearch.sweep(cell, plan: KneeSearch.Plan(start: 10_000, bisections: 6)) { Self.fake($0) }
        let knee = sweep.knee?.rate ?? 0
        #expect(knee <= 300_000 && knee >= 280_000, "knee \(knee) from \(sweep.steps.map(\.rate))")
        #expect(sweep.steps.first?.rate == 10_000)
        #expect(sweep.steps.contains { $0.rate == 320_000 && !$0.passed })
        let table = KneeTable.render([sweep], bound: .loopbackDefault)
        #expect(table.contains("p99 500 µs"), "\(table)")
    }

    @Test func theMedianRepetitionDecidesAStep() {
        let cell = Cell(transport: .unix, pattern: .stream, sizeBytes: 64, ratePerSecond: 10_000)
        func repetition(_ number: Int, p99: Double, ok: Bool = true) -> CellMeasurement {
            var m = Self.fake(cell)
            m.repetition = number
            m.oneWay?.p99 = p99
            if !ok { m.status = .failed }
            return m
        }
        let stalled = [repetition(1, p99: 90), repetition(2, p99: 5_000), repetition(3, p99: 120)]
        #expect(KneeSearch.medianRepetition(stalled, bound: .loopbackDefault).repetition == 3)
        let failing = [repetition(1, p99: 90, ok: false), repetition(2, p99: 300), repetition(3, p99: 100)]
        #expect(KneeSearch.medianRepetition(failing, bound: .loopbackDefault).repetition == 2)
        #expect(KneeSearch.medianRepetition([repetition(1, p99: 70)], bound: .loopbackDefault).repetition == 1)
    }

    @Test func aShortfallFailsEvenWithLowLatency() {
        var m = Self.fake(Cell(transport: .tcp, pattern: .stream, sizeBytes: 64, ratePerSecond: 2_000_000))
        m.oneWay = RoundTripSummary(minimum: 1, mean: 1, p50: 1, p90: 1, p99: 1, p999: 1, maximum: 1)
        let step = KneeSearch.judge(m, rate: 2_000_000, pairs: 1, bound: .loopbackDefault)
        #expect(!step.passed)
        #expect(KneeTable.reason(step, bound: .loopbackDefault).hasPrefix("achieved"))
    }

    @Test func sweepsDownWhenTheStartRateFails() {
        let cell = Cell(transport: .udp, pattern: .stream, sizeBytes: 64)
        let sweep = KneeSearch.sweep(cell, plan: KneeSearch.Plan(start: 1_000_000)) { Self.fake($0) }
        #expect((sweep.knee?.rate ?? 0) >= 250_000 && (sweep.knee?.rate ?? 0) <= 300_000, "\(sweep.steps.map(\.rate))")
    }

    @Test func objectivesParse() {
        #expect(LatencyBound("p99=200us") == LatencyBound(percentile: .p99, microseconds: 200))
        #expect(LatencyBound("p999=1ms") == LatencyBound(percentile: .p999, microseconds: 1000))
        #expect(LatencyBound("p99=200") == nil)
        #expect(LatencyBound("p95=1ms") == nil)
    }

    @Test func rateAxisMultipliesStreamAndRrButNotPingpong() {
        let axes = MatrixAxes(transports: [.unix], patterns: [.pingpong, .stream, .rr], sizes: [64, 16], rates: [10_000, nil])
        let plan = Matrix.expand(axes, unixDatagramLimit: 200_000)
        let ids = plan.cells.map(\.id)
        #expect(ids.contains { $0.hasPrefix("unix/stream/64B") && $0.hasSuffix("/rate=10000") })
        #expect(ids.contains { $0.hasPrefix("unix/stream/64B") && !$0.contains("rate=") })
        #expect(ids.contains { $0.hasPrefix("unix/rr/64B") && $0.hasSuffix("/rate=10000") })
        #expect(!ids.contains { $0.contains("pingpong") && $0.contains("rate=") })
        // rr without a rate, and a paced 16-byte message, are skipped with their reasons.
        #expect(plan.skipped.contains { $0.combination.contains("rr 64 B rate=max") || ($0.combination.contains("rr") && $0.reason.contains("needs a rate")) })
        #expect(plan.skipped.contains { $0.reason.contains("24-byte header") })
        #expect(Matrix.unsupportedRate(.pingpong, ratePerSecond: 10, sizeBytes: 64)?.contains("rr") == true)
    }

    @Test func pacedColumnsRoundTripThroughMeasurementsCSV() throws {
        var m = CellMeasurement(cell: Cell(transport: .tcp, pattern: .stream, sizeBytes: 64, ratePerSecond: 50_000), repetition: 2)
        m.messages = 10
        m.oneWay = RoundTripSummary(minimum: 1, mean: 2, p50: 3, p90: 4, p99: 5, p999: 6, maximum: 7)
        m.oneWayActual = RoundTripSummary(minimum: 1, mean: 1, p50: 1.5, p90: 2, p99: 2.5, p999: 3, maximum: 3.5)
        let text = MeasurementCSV.header + MeasurementCSV.row(m)
        #expect(MeasurementCSV.header.hasSuffix(",rate_offered,owl_p50_us,owl_p90_us,owl_p99_us,owl_p999_us,owl_max_us,owl_actual_p50_us,owl_actual_p90_us,owl_actual_p99_us,owl_actual_p999_us,owl_actual_max_us,idle,started_ns,ended_ns\n"))
        let back = try #require(try MeasurementCSV.parse(text).first)
        #expect(back.cell == m.cell)
        #expect(back.oneWay?.p99 == 5 && back.oneWay?.maximum == 7)
        #expect(back.oneWayActual?.p50 == 1.5)
        #expect(Metric.oneWayP99.value(in: back) == 5)
    }
}

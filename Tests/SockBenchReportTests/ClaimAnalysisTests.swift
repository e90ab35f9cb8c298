import Histogram
@testable import SockBenchModel
@testable import SockBenchReport
@testable import SockBenchStats
@testable import SockBenchStore
import Testing

/// The claim's verdict and ratio logic on fixed summaries.
@Suite struct ClaimAnalysisTests {
    /// Measurements of `cell` whose msg/s in slot i + 1 is `rates[i]`.
    static func measurements(_ cell: Cell, _ rates: [Double]) -> [CellMeasurement] {
        rates.enumerated().map { index, rate in
            var m = CellMeasurement(cell: cell, repetition: index + 1)
            m.messagesPerSecond = rate
            return m
        }
    }

    static func analysis(unix: [Double], tcp: [Double]) -> ClaimAnalysis {
        let condition = ClaimPlan.conditions[0]
        let unixRows = measurements(condition.cell(.unix), unix), tcpRows = measurements(condition.cell(.tcp), tcp)
        return ClaimAnalysis(
            summaries: [CellSummary(cell: condition.cell(.unix), measurements: unixRows), CellSummary(cell: condition.cell(.tcp), measurements: tcpRows)],
            measurements: unixRows + tcpRows, conditions: [condition]
        )
    }

    /// Two conditions, each with 30 slots of steady rates.
    static func analysis(_ a: ClaimCondition, unix: Double, tcp: Double, _ b: ClaimCondition, unix unixB: Double, tcp tcpB: Double) -> ClaimAnalysis {
        func rates(_ r: Double) -> [Double] { (0..<30).map { r * (1 + 0.01 * Double($0 % 5)) } }
        var rows: [CellMeasurement] = []
        var summaries: [CellSummary] = []
        for (condition, u, t) in [(a, unix, tcp), (b, unixB, tcpB)] {
            let unixRows = measurements(condition.cell(.unix), rates(u)), tcpRows = measurements(condition.cell(.tcp), rates(t))
            rows += unixRows + tcpRows
            summaries += [CellSummary(cell: condition.cell(.unix), measurements: unixRows), CellSummary(cell: condition.cell(.tcp), measurements: tcpRows)]
        }
        return ClaimAnalysis(summaries: summaries, measurements: rows, conditions: [a, b])
    }

    /// "Why the ratio moves" is written from the run: a change it measured gets its bullet, with
    /// the mechanism's predicted direction checked against the intervals, and a change it did not
    /// measure gets none.
    @Test func whyTheRatioMovesFollowsWhatWasMeasured() {
        let noDelay = ClaimCondition(.stream, 64, noDelay: true), nagle = ClaimCondition(.stream, 64, noDelay: false)
        let shown = ClaimReport.whyParagraphs(Self.analysis(noDelay, unix: 700_000, tcp: 200_000, nagle, unix: 700_000, tcp: 1_600_000))
        #expect(shown.contains("Nagle and write coalescing"))
        #expect(shown.contains("This run shows it."))
        #expect(!shown.contains("Per-packet"), "no size change was measured")
        let opposite = ClaimReport.whyParagraphs(Self.analysis(noDelay, unix: 700_000, tcp: 1_600_000, nagle, unix: 700_000, tcp: 200_000))
        #expect(opposite.contains("shows the opposite"))
        let small = ClaimCondition(.pingpong, 64, noDelay: true, idle: .poll), large = ClaimCondition(.pingpong, 65_536, noDelay: true, idle: .poll)
        let towards = ClaimReport.whyParagraphs(Self.analysis(small, unix: 140_000, tcp: 80_000, large, unix: 30_000, tcp: 25_000))
        #expect(towards.contains("Per-packet TCP/IP work"))
        #expect(towards.contains("This run shows it."))
    }

    /// The floors measured for context (a blocking pipe pair, a spinning shm ring, first slots
    /// only) land in the ping-pong rows of both idle policies, in claim.csv, and in REPORT.md's
    /// sentence "AF_UNIX is N× the shared-memory floor here".
    @Test func theSharedMemoryFloorIsStatedBesideThePingPongRows() throws {
        let condition = ClaimPlan.conditions[0]
        #expect(condition.pattern == .pingpong && condition.idle == .poll)
        var context = ClaimPlan.contextConditions[0].cell(.shm)
        #expect(context.mode == .busyPoll && ClaimPlan.contextCells().contains(context))
        context.idle = nil
        let pipe = ClaimPlan.contextConditions[0].cell(.pipe)
        let unixRows = Self.measurements(condition.cell(.unix), [40_000, 40_000, 40_000])
        let tcpRows = Self.measurements(condition.cell(.tcp), [30_000, 30_000, 30_000])
        let shmRows = Self.measurements(context, [500_000, 500_000, 500_000])
        let pipeRows = Self.measurements(pipe, [60_000, 60_000, 60_000])
        let summaries = [(condition.cell(.unix), unixRows), (condition.cell(.tcp), tcpRows), (context, shmRows), (pipe, pipeRows)].map {
            CellSummary(cell: $0.0, measurements: $0.1)
        }
        let analysis = ClaimAnalysis(summaries: summaries, measurements: unixRows + tcpRows + shmRows + pipeRows, conditions: [condition])
        let row = try #require(analysis.rows.first)
        #expect(row.shm == 500_000 && row.pipe == 60_000)
        #expect(ClaimReport.floorSentence(analysis).contains("AF_UNIX is 12.5× the shared-memory floor here"))
        #expect(ClaimReport.csv(analysis).split(separator: "\n")[1].hasSuffix(",60000.0,500000.0"))
    }

    @Test func claimHolds() throws {
        let a = Self.analysis(unix: [99_000, 100_000, 101_000, 100_500, 99_500, 100_200], tcp: [39_800, 40_000, 40_200, 40_100, 39_900, 40_050])
        let row = try #require(a.rows.first)
        #expect(row.verdict == .holds)
        #expect(abs(row.ratio! - 2.5) < 0.01)
        #expect(row.ratioLow! <= row.ratio! && row.ratio! <= row.ratioHigh!)
        #expect(row.unixNearClaim && row.tcpNearClaim)
        #expect(a.verdictLine.contains("holds only for"))
        #expect(a.closestToClaimedFigures?.condition == ClaimPlan.conditions[0])
    }

    @Test func claimDoesNotHoldWhenTheRatioIsSmaller() throws {
        let a = Self.analysis(unix: [60_000, 61_000, 59_000, 60_500, 59_500, 60_200], tcp: [40_000, 40_500, 39_500, 40_200, 39_800, 40_100])
        #expect(a.rows.first?.verdict == .weaker)
        #expect(a.verdictLine.contains("holds in none"))
    }

    @Test func claimInverted() throws {
        let a = Self.analysis(unix: [300_000, 301_000, 299_000, 300_500, 299_500, 300_200], tcp: [600_000, 601_000, 599_000, 600_500, 599_500, 600_200])
        #expect(a.rows.first?.verdict == .inverted)
        #expect(a.verdictLine.contains("TCP is faster"))
    }

    /// Paired slots cancel what moves both sides: both rates swing by 2x between slots, but every
    /// slot's ratio is near 1.15, so the verdict is decided ("faster by less than claimed") where
    /// dividing one side's interval by the other's would span 0.6 to 2.3.
    @Test func pairedSlotsCancelSharedDrift() throws {
        let a = Self.analysis(
            unix: [46_000, 92_000, 69_000, 57_500, 80_500, 74_750, 51_750, 86_250, 63_250, 97_750],
            tcp: [40_000, 80_000, 60_000, 50_000, 70_000, 65_000, 45_000, 75_000, 55_000, 85_000]
        )
        let row = try #require(a.rows.first)
        #expect(abs(row.ratio! - 1.15) < 1e-9)
        #expect(row.verdict == .weaker)
        #expect(row.pairs?.slots.count == 10)
    }

    /// An interval that crosses a boundary is undecided, naming the regions it touches.
    @Test func intervalAcrossABoundaryIsUndecided() throws {
        let a = Self.analysis(unix: [50_000, 60_000, 55_000, 65_000, 52_000, 58_000], tcp: [50_000, 50_000, 50_000, 50_000, 50_000, 50_000])
        let row = try #require(a.rows.first)
        #expect(row.verdict == .undecided)
        #expect(row.candidates == [.even, .weaker])
        #expect(row.verdictText == "undecided: 0.9–1.1 or 1.1–2.0")
        #expect(a.verdictLine.contains("1 undecided"))
    }

    /// An undecided condition whose interval is also wider than the target says why: here the
    /// ratio drifts from about 2.4 to 3.4 over the run, so the warning names the drift, not only
    /// the regions it touches.
    @Test func aWideUndecidedIntervalNamesItsReason() throws {
        let tcp = (0..<30).map { 50_000 + 500 * Double($0 % 3) }
        let unix = tcp.enumerated().map { i, t in t * (2.4 + Double(i / 5) * 0.2) * (1 + 0.02 * Double(i % 2)) }
        let a = Self.analysis(unix: unix, tcp: tcp)
        let row = try #require(a.rows.first)
        #expect(row.verdict == .undecided)
        let warning = try #require(ClaimReport.precisionWarnings(a).first)
        #expect(warning.contains("crosses a region boundary"))
        #expect(warning.contains("wandered"), "\(warning)")
    }

    /// Slots where one side failed or is missing do not pair.
    @Test func onlyCompleteSlotsPair() {
        let ratio = PairedRatio(numerator: [1: 10, 2: 20, 4: 40], denominator: [1: 5, 2: 10, 3: 15, 4: 0])
        #expect(ratio.slots.map(\.slot) == [1, 2])
        #expect(ratio.ratio == 2)
    }

    @Test func classifyBoundaries() {
        #expect(ClaimAnalysis.classify(low: 0.7, high: 0.89) == [.inverted])
        #expect(ClaimAnalysis.classify(low: 0.95, high: 1.4) == [.even, .weaker])
        #expect(ClaimAnalysis.classify(low: 2.0, high: 2.1) == [.holds])
        #expect(ClaimAnalysis.classify(low: 1.9, high: 3.2) == [.weaker, .holds, .stronger])
        #expect(ClaimAnalysis.classify(low: 3.2, high: 3.8) == [.stronger])
    }

    @Test func claimCSVHasOneRowPerConditionWithTheDocumentedColumns() {
        let a = Self.analysis(unix: [100_000, 100_000, 100_000], tcp: [40_000, 40_000, 40_000])
        let rows = CSV.parse(ClaimReport.csv(a))
        #expect(rows.first == ClaimReport.csvColumns)
        #expect(rows.count == 2)
        #expect(rows[1][12] == "2.500")
    }

    @Test func mergedHistogramPercentilesComeFromAllRepetitions() throws {
        let cell = Cell(transport: .unix, pattern: .pingpong, sizeBytes: 64)
        var fast = Histogram<UInt64>.roundTrip()
        var slow = Histogram<UInt64>.roundTrip()
        for _ in 0..<900 { _ = fast.record(10_000) }
        for _ in 0..<100 { _ = slow.record(1_000_000) }
        var a = CellMeasurement(cell: cell, repetition: 1)
        a.histogram = fast
        var b = CellMeasurement(cell: cell, repetition: 2)
        b.histogram = slow
        let summary = CellSummary(cell: cell, measurements: [a, b])
        let merged = try #require(summary.mergedRoundTrip)
        // 90% of all round trips took 10 µs, 10% took 1 ms: p50 is 10 µs, p99 1 ms — not the
        // average of the two repetitions' p50s (505 µs).
        #expect(abs(merged.p50 - 10) < 0.1)
        #expect(abs(merged.p99 - 1000) < 1)
        #expect(summary.mergedHistogram?.totalCount == 1000)
    }
}

/// `--compare` groups: each combination of the other axes, A first.
@Suite struct CompareSpecTests {
    @Test func transportComparisonsSetNagleAside() {
        let spec = CompareSpec(axis: .transport, a: "unix", b: "tcp")
        let cells = [
            Cell(transport: .unix, pattern: .stream, sizeBytes: 64),
            Cell(transport: .tcp, pattern: .stream, sizeBytes: 64, noDelay: true),
            Cell(transport: .tcp, pattern: .stream, sizeBytes: 64, noDelay: false),
            Cell(transport: .tcp, pattern: .stream, sizeBytes: 1024, noDelay: true),
        ]
        #expect(spec.groups(cells) == [Array(cells.prefix(3))], "the 1 KiB TCP cell has no AF_UNIX partner")
    }

    @Test func aRatioReadsByTheMetricsPolarity() {
        let a = Cell(transport: .unix, pattern: .pingpong, sizeBytes: 64), b = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: true)
        var rows: [CellMeasurement] = []
        for slot in 1...9 {
            var x = CellMeasurement(cell: a, repetition: slot)
            x.messagesPerSecond = 100
            x.roundTrip = RoundTripSummary(minimum: 1, mean: 10, p50: 10, p90: 10, p99: 10, p999: 10, maximum: 10)
            var y = CellMeasurement(cell: b, repetition: slot)
            y.messagesPerSecond = 50 + Double(slot)
            y.roundTrip = RoundTripSummary(minimum: 1, mean: 20, p50: 20, p90: 20, p99: 20, p999: 20, maximum: 20)
            rows += [x, y]
        }
        let comparisons = Comparisons.make(CompareSpec(axis: .transport, a: "unix", b: "tcp"), cells: [a, b], measurements: rows)
        // Ping-pong leads with latency: p50, p99, then msg/s.
        #expect(comparisons.map(\.metric) == [.roundTripP50, .roundTripP99, .messagesPerSecond])
        #expect(comparisons.map(\.reading) == ["slower", "slower", "slower"])
        #expect(comparisons[0].ratio.ratio == 2)
    }
}

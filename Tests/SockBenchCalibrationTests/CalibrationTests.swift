import Foundation
@testable import SockBenchModel
@testable import SockBenchReport
@testable import SockBenchRunner
@testable import SockBenchStats
@testable import SockBenchStore
@testable import SockBenchSession
import Testing

/// Pairing, ratios, parity flags and the files of `sockbench calibrate`.
@Suite struct CalibrationTests {
    static let cell = Cell(transport: .unix, pattern: .pingpong, sizeBytes: 64)

    static func measurement(rate: Double, p50: Double?, repetition: Int, failed: Bool = false) -> CellMeasurement {
        if failed { return CellMeasurement(cell: cell, repetition: repetition, failure: "worker died") }
        var m = CellMeasurement(cell: cell, repetition: repetition)
        m.messagesPerSecond = rate
        m.roundTrip = p50.map { RoundTripSummary(minimum: $0 / 2, mean: $0, p50: $0, p90: $0, p99: $0, p999: $0, maximum: $0 * 2) }
        return m
    }

    static func pair(_ swift: Double, _ c: Double, p50: (Double, Double)? = nil, repetition: Int, failed: Bool = false) -> CalibrationPair {
        CalibrationPair(
            cell: cell, repetition: repetition,
            swift: measurement(rate: swift, p50: p50?.0, repetition: repetition, failed: failed),
            c: measurement(rate: c, p50: p50?.1, repetition: repetition), swiftFirst: repetition % 2 == 1
        )
    }

    @Test func ratiosPairRepetitionsAndTakeTheMedian() throws {
        // Repetition i of Swift is divided by repetition i of C, not by the C median.
        let pairs = [
            Self.pair(90, 100, p50: (11, 10), repetition: 1), Self.pair(200, 200, p50: (10, 10), repetition: 2),
            Self.pair(50, 50, p50: (10, 10), repetition: 3), Self.pair(99, 100, p50: (10.1, 10), repetition: 4),
            Self.pair(300, 310, p50: (10, 10.2), repetition: 5),
        ]
        let cell = CalibrationCell(cell: Self.cell, pairs: pairs.reversed())
        let rate = try #require(cell.rateRatio)
        #expect(rate.n == 5)
        #expect(abs(rate.median - 0.99) < 1e-12)
        #expect(abs(rate.confidenceLow - 0.9) < 1e-12 && rate.confidenceHigh == 1)
        let p50 = try #require(cell.p50Ratio)
        #expect(abs(p50.median - 1) < 1e-12 && abs(p50.confidenceHigh - 1.1) < 1e-12)
        #expect(cell.pairs.map(\.repetition) == [1, 2, 3, 4, 5])
        #expect(cell.medianRate(.swift) == 99 && cell.medianRate(.c) == 100)
        #expect(cell.parity(tolerance: 0.03) == .atParity)
        // 1% slower, but the CI [0.90, 1.00] still holds 1: noise, not a verdict.
        #expect(cell.parity(tolerance: 0.005) == .inconclusive(["msg/s slower by 1.0%"]))
    }

    @Test func aFailedSideLeavesThePairOutOfTheRatios() {
        let cell = CalibrationCell(cell: Self.cell, pairs: [
            Self.pair(80, 100, repetition: 1), Self.pair(1000, 100, repetition: 2, failed: true),
        ])
        #expect(cell.failedPairs == 1)
        #expect(cell.rateRatio?.n == 1 && cell.rateRatio?.median == 0.8)
        #expect(cell.p50Ratio == nil)
        #expect(cell.parity(tolerance: 0.03) == .off(["msg/s slower by 20.0%"]))
    }

    @Test func slowerLatencyIsFlaggedOnItsOwn() {
        let cell = CalibrationCell(cell: Self.cell, pairs: (1...3).map { Self.pair(100, 100, p50: (10.5, 10), repetition: $0) })
        #expect(cell.parity(tolerance: 0.03) == .off(["p50 slower by 5.0%"]))
        #expect(cell.parity(tolerance: 0.03).label == "OFF: p50 slower by 5.0%")
    }

    @Test func csvFilesHaveTheirHeadersAndOneRowPerPairOrCell() {
        let pair = Self.pair(95, 100, p50: (10, 10), repetition: 2)
        let fields = CSV.parse(CalibrationCSV.pairRow(pair))[0]
        #expect(fields.count == CalibrationCSV.pairColumns.count)
        let row = Dictionary(uniqueKeysWithValues: zip(CalibrationCSV.pairColumns, fields))
        #expect(row["msg_ratio"] == "0.95000" && row["p50_ratio"] == "1.00000" && row["first_engine"] == "c")
        let summary = CSV.parse(CalibrationCSV.summary([CalibrationCell(cell: Self.cell, pairs: [pair])], tolerance: 0.03))
        #expect(summary.count == 2 && summary[0] == CalibrationCSV.summaryColumns)
        let cell = Dictionary(uniqueKeysWithValues: zip(CalibrationCSV.summaryColumns, summary[1]))
        #expect(cell["msg_ratio_median"] == "0.95000" && cell["parity"] == "OFF: msg/s slower by 5.0%" && cell["pairs_ok"] == "1")
    }

    @Test func defaultPlanSkipsWhatUDPAndTheRingCannotCarry() {
        let request = CalibrationRequest(axes: CalibrationRequest.defaultAxes, settings: MeasurementSettings(), repetitions: 1, seed: 1, outputPath: "/nonexistent")
        let plan = Calibration.plan(request)
        // 7 socket transports and pipe in both modes, shm blocking only; 3 sizes, 2 patterns.
        #expect(plan.cells.count == 8 * 3 * 2 * 2 - 2 * 2 * 2 + 3 * 2)
        #expect(plan.skipped.count == 4 + 3 * 2)
        #expect(plan.skipped.filter { $0.reason.contains("carries at most") }.count == 4)
        #expect(plan.skipped.filter { $0.combination.hasPrefix("shm") }.allSatisfy { $0.reason.contains("nothing to poll(2)") })
        #expect(plan.cells.allSatisfy { $0.cpu == .same })
    }

    /// A paced stream and an rr cell at a modest rate: both engines measure, keep the offered rate
    /// (a generous bound: this is no speed test) and fill their latency columns.
    @Test func calibratingPacedCellsComparesBothEngines() throws {
        let directory = NSTemporaryDirectory() + "sbcal-paced-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let request = CalibrationRequest(
            axes: MatrixAxes(transports: [.unix], patterns: [.stream, .rr], sizes: [64], modes: [.nonblocking], rates: [20_000]),
            settings: MeasurementSettings(warmupNanoseconds: 20_000_000, extent: .duration(nanoseconds: 150_000_000), idleTimeoutNanoseconds: 2_000_000_000),
            repetitions: 1, seed: 11, outputPath: directory
        )
        let outcome = try Calibration.run(request, executable: Coordinator.defaultWorkerExecutable())
        #expect(Set(outcome.cells.map(\.cell.pattern)) == [.stream, .rr])
        for cell in outcome.cells {
            let pair = try #require(cell.pairs.first, "\(cell.cell.id)")
            #expect(pair.ok, "\(cell.cell.id): \(pair.swift.error ?? "") \(pair.c.error ?? "")")
            for m in [pair.swift, pair.c] {
                let label = "\(m.cell.id)"
                #expect(m.status == .ok, "\(label)")
                let achieved = try #require(cell.cell.pattern == .rr ? m.roundTripsPerSecond : m.messagesPerSecond, "\(label)")
                #expect(abs(achieved - 20_000) < 4_000, "\(label): \(achieved) per second")
                #expect(m.oneWayActual != nil, "\(label)")
                if cell.cell.pattern == .stream { #expect(m.oneWay != nil, "\(label)") } else { #expect(m.roundTrip != nil, "\(label)") }
            }
            #expect(cell.rateRatio != nil && cell.p50Ratio != nil, "\(cell.cell.id)")
        }
        // measurements.csv carries the one-way columns for both engines.
        let rows = try MeasurementCSV.parse(String(contentsOfFile: "\(directory)/measurements.csv", encoding: .utf8))
        #expect(rows.count == 4 && rows.allSatisfy { $0.status == .ok && $0.oneWayActual != nil })
        #expect(rows.filter { $0.cell.pattern == .stream }.allSatisfy { $0.oneWay != nil })
        #expect(CalibrationTable.render(outcome).contains("rr @"))
    }

    /// A real calibration of one cell: both engines run in each slot, and the files are written.
    @Test func calibratingOneCellWritesBothEnginesInterleaved() throws {
        let directory = NSTemporaryDirectory() + "sbcal-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let request = CalibrationRequest(
            axes: MatrixAxes(transports: [.unix], patterns: [.pingpong], sizes: [64], modes: [.nonblocking]),
            settings: MeasurementSettings(warmupNanoseconds: 20_000_000, extent: .duration(nanoseconds: 80_000_000), idleTimeoutNanoseconds: 2_000_000_000),
            repetitions: 2, seed: 7, outputPath: directory
        )
        let outcome = try Calibration.run(request, executable: Coordinator.defaultWorkerExecutable())
        let cell = try #require(outcome.cells.first)
        #expect(cell.failedPairs == 0, "\(cell.pairs.first?.swift.error ?? cell.pairs.first?.c.error ?? "")")
        // Both engines of a slot run back to back in a random order; the pair records which went first.
        #expect(cell.pairs.map(\.repetition) == [1, 2])
        let rows = try MeasurementCSV.parse(String(contentsOfFile: "\(directory)/measurements.csv", encoding: .utf8))
        #expect(rows.count == 4 && Set(rows.map(\.cell)) == [cell.cell, cell.cell.with(engine: .c)])
        for pair in cell.pairs {
            let first = rows.first { $0.repetition == pair.repetition }!
            #expect((first.cell.engine == nil) == pair.swiftFirst)
        }
        #expect((cell.rateRatio?.median ?? 0) > 0 && (cell.p50Ratio?.median ?? 0) > 0)
        let pairs = CSV.parse(try String(contentsOfFile: "\(directory)/calibration-pairs.csv", encoding: .utf8))
        #expect(pairs.count == 3 && pairs[0] == CalibrationCSV.pairColumns)
        let summary = CSV.parse(try String(contentsOfFile: "\(directory)/calibration.csv", encoding: .utf8))
        #expect(summary.count == 2)
        #expect(FileManager.default.fileExists(atPath: "\(directory)/calibration.json"))
        #expect(CalibrationTable.render(outcome).contains("unix"))
        // A second calibration never overwrites the first.
        #expect(throws: ReportError.self) { try Calibration.run(request, executable: Coordinator.defaultWorkerExecutable()) }
    }

    /// Cells of one pattern that differ in connections or threads are told apart in the table.
    @Test func theTableNamesConnectionsAndThreads() {
        var one = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, mode: .epoll, connections: 64)
        one.threads = 1
        var two = one
        two.threads = 2
        let outcome = CalibrationOutcome(directory: "/nonexistent", cells: [CalibrationCell(cell: one, pairs: []), CalibrationCell(cell: two, pairs: [])],
                                         skipped: [], tolerance: 0.05, interrupted: false)
        let table = CalibrationTable.render(outcome)
        #expect(table.contains("pingpong conns=64 threads=1") && table.contains("pingpong conns=64 threads=2"), "\(table)")
    }
}

@testable import SockBenchModel
@testable import SockBenchReport
@testable import SockBenchRunner
@testable import SockBenchStats
import Testing

/// The `run` console table: every varying axis and only those, one number format, fitting footers.
@Suite struct SummaryTableTests {
    static func summary(_ cell: Cell, _ rates: [Double] = [97.791, 178.34, 150]) -> CellSummary {
        CellSummary(cell: cell, measurements: rates.enumerated().map { index, rate in
            var m = CellMeasurement(cell: cell, repetition: index + 1)
            m.messagesPerSecond = rate
            m.megabytesPerSecond = rate / 1000
            return m
        })
    }

    @Test func buffersThatVaryAreColumnsAndConstantAxesAreNot() {
        // The case: three unix stream 2KiB rows that differ only in SO_SNDBUF.
        let cells = [nil, 65_536, 262_144].map { Cell(transport: .unix, pattern: .stream, sizeBytes: 2048, sendBufferBytes: $0) }
        let table = SummaryTable.render(cells.map { Self.summary($0) })
        let lines = table.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: " ").map(String.init)
        #expect(header.starts(with: ["transport", "sndbuf", "n"]), "\(header)")
        #expect(!header.contains("size") && !header.contains("pairs") && !header.contains("batch") && !header.contains("mode"))
        #expect(lines[1].contains("default") && lines[2].contains("64KiB") && lines[3].contains("256KiB"))
        #expect(table.contains("all rows: pattern=stream, size=2KiB"))
        #expect(!table.contains("ping-pong"), "a stream-only run prints no ping-pong footer")
        #expect(!header.contains("RT/s") && !header.contains("lost"))
    }

    /// A paced cell whose sender fell behind says so in its status, not "ok": the row holds what it
    /// achieved, and the status that the offered rate was not reached (one repetition of two here).
    @Test func aSenderBehindItsOfferedRateIsNotJustOk() {
        let cell = Cell(transport: .unix, pattern: .stream, sizeBytes: 64, ratePerSecond: 1_000_000)
        let measurements = [330_000.0, 999_000].enumerated().map { index, rate in
            var m = CellMeasurement(cell: cell, repetition: index + 1)
            m.messagesPerSecond = rate
            Aggregation.noteShortfall(&m, achieved: rate)
            return m
        }
        #expect(measurements.map(\.fellBehind) == [true, false])
        #expect(measurements[0].note == .fellBehind(achievedPerSecond: 330_000, offeredPerSecond: 1_000_000))
        #expect(measurements[0].errorColumn == "achieved 330000 msg/s is below the offered 1000000 msg/s")
        let mixed = CellSummary(cell: cell, measurements: measurements)
        #expect(mixed.behindRepetitions == 1 && mixed.okRepetitions == 2)
        let table = SummaryTable.render([mixed, CellSummary(cell: cell, measurements: [measurements[0]])])
        let rows = table.split(separator: "\n").map(String.init)
        #expect(rows[1].hasSuffix("1 below offered"), "\(table)")
        #expect(rows[2].hasSuffix("below offered") && !rows[2].contains("1 below"), "\(table)")
    }

    @Test func numbersUseOneRuleAndPingPongGetsItsFooter() {
        let cells = [Cell(transport: .unix, pattern: .pingpong, sizeBytes: 200, replySizeBytes: 2048), Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 200, replySizeBytes: 2048)]
        let table = SummaryTable.render(cells.map { Self.summary($0) })
        #expect(table.contains("150.0 (97.79–178.3)"), "\(table)")
        #expect(!table.contains("97.7910") && !table.contains("178.34"))
        #expect(table.contains("all rows: pattern=pingpong, size=200B, reply=2KiB"))
        #expect(table.contains("msg/s counts 2 messages per ping-pong round trip"))
    }
}

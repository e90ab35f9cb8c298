import Foundation
@testable import SockBenchModel
@testable import SockBenchReport
@testable import SockBenchStats
@testable import SockBenchStore
import Testing

/// Every reader of a run directory (Store's and the plots') refuses a damaged measurements.csv alike.
@Suite struct CutOffRunTests {
    /// A cut-off row in a run directory: measurements() (check, report) and plot refuse it with 65;
    /// bytes that are not UTF-8 are malformed data (65) too, not a missing file (66).
    @Test func everyReaderRefusesACutOffOrBinaryFile() throws {
        let path = NSTemporaryDirectory() + "sockbench-cut-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let directory = try RunDirectory.create(at: path)
        for repetition in 1...2 {
            var m = CellMeasurement(cell: Cell(transport: .unix, pattern: .stream, sizeBytes: 64), repetition: repetition)
            m.messagesPerSecond = 10
            try directory.record(m)
        }
        let axes = MatrixAxes(transports: [.unix], patterns: [.stream], sizes: [64])
        let measured = try directory.measurements()
        try directory.writeSummary(Summaries.make(cells: Matrix.expand(axes).cells, measurements: measured))
        try directory.writeMetadata(RunMetadata(name: "cut", commandLine: ["sockbench", "run"], axes: axes, settings: MeasurementSettings(), repetitions: 2, seed: 1, plan: Matrix.expand(axes), host: HostInfo.current()))
        let text = try String(contentsOfFile: directory.measurementsPath, encoding: .utf8)
        try String(text.dropLast(5)).write(toFile: directory.measurementsPath, atomically: true, encoding: .utf8)
        let message = "\(directory.measurementsPath) line 3 is cut off (the row has no end of line); the run was not finished; finish it with: sockbench run --resume \(path), which drops the row and measures it again"
        #expect(throws: ReportError.malformed(message)) { try directory.measurements() }
        #expect(throws: ReportError.malformed(message)) { try PlotScripts.plot(runDirectory: path, outputDirectory: path + "/plots", render: false) }
        #expect(throws: ReportError.malformed(message)) { try Baselines.open(path) }

        try Data(Array(MeasurementCSV.header.utf8) + [0x41, 0xC3, 0x28, 0x0A]).write(to: URL(fileURLWithPath: directory.measurementsPath))
        #expect {
            try directory.measurements()
        } throws: { error in
            (error as? ReportError)?.exitStatus == .malformedInput && "\(error)".contains("is not text: bytes that are not UTF-8 from byte \(MeasurementCSV.header.utf8.count + 2) on")
        }
    }
}

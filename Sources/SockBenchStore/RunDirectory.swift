import Foundation
import Histogram
import SockBenchCore
import SockBenchModel
import SockBenchStats

/// A run's output directory: measurements.csv (appended as each measurement finishes),
/// summary.csv and run.json (rewritten atomically), and histograms/ for ping-pong cells.
public final class RunDirectory: MeasurementSink {
    public let path: String
    public var measurementsPath: String { "\(path)/measurements.csv" }
    public var summaryPath: String { "\(path)/summary.csv" }
    public var metadataPath: String { "\(path)/run.json" }
    public var histogramsPath: String { "\(path)/histograms" }

    /// Creates a new run directory. Refuses one that already holds a run (a previous run is never
    /// overwritten silently) or other files.
    /// With `unique`, a path taken by a run started in the same second (another sockbench at the
    /// same time) gets a `-2`, `-3`... suffix instead of failing.
    public static func create(at path: String, unique: Bool = false) throws(ReportError) -> RunDirectory {
        var path = path
        if unique {
            try FileOutput.makeDirectory((path as NSString).deletingLastPathComponent)
            let base = path
            var attempt = 1
            do throws(SyscallError) {
                while try !Sys.makeDirectory(path) {
                    attempt += 1
                    guard attempt <= 100 else { throw SyscallError(call: "mkdir", errno: Errno(rawValue: EEXIST), detail: base) }
                    path = "\(base)-\(attempt)"
                }
            } catch {
                throw .cannotWrite("cannot create directory \(path): \(error.errno)")
            }
        }
        if let problem = existingContentProblem(at: path) { throw problem }
        try FileOutput.makeDirectory(path)
        let directory = RunDirectory(path: path)
        try FileOutput.writeAtomically(MeasurementCSV.header, to: directory.measurementsPath)
        return directory
    }

    /// Opens an existing run to resume or read it.
    public static func open(_ path: String) throws(ReportError) -> RunDirectory {
        guard FileManager.default.fileExists(atPath: "\(path)/measurements.csv") else {
            throw .notFound("\(path) is not a sockbench run directory (no measurements.csv)")
        }
        return RunDirectory(path: path)
    }

    private init(path: String) { self.path = path }

    public func record(_ measurement: CellMeasurement) throws {
        if let histogram = measurement.histogram {
            try FileOutput.makeDirectory(histogramsPath)
            let file = "\(histogramsPath)/\(Self.fileName(measurement.cell)).rep\(measurement.repetition).json"
            try FileOutput.writeAtomically(SparseHistogram(histogram).json(), to: file, durable: false)
        }
        try FileOutput.append(MeasurementCSV.row(measurement), to: measurementsPath)
    }

    /// Every measurement written so far, with histograms re-attached.
    public func measurements(droppingCutOffRow: Bool = false) throws(ReportError) -> [CellMeasurement] {
        var rows = try measurementRows(droppingCutOffRow: droppingCutOffRow)
        for index in rows.indices where rows[index].cell.pattern == .pingpong && rows[index].status == .ok {
            let file = "\(histogramsPath)/\(Self.fileName(rows[index].cell)).rep\(rows[index].repetition).json"
            if let data = FileManager.default.contents(atPath: file), let sparse = try? JSONDecoder().decode(SparseHistogram.self, from: data) {
                rows[index].histogram = sparse.histogram()
            }
        }
        return rows
    }

    /// The rows of measurements.csv without histograms: the one reader every command shares, so run,
    /// check, report and plot accept and refuse the same files. Text that is not UTF-8 is malformed
    /// data (65), as any other garbage is; a cut-off last row names its line and how to finish the run.
    public func measurementRows(droppingCutOffRow: Bool = false) throws(ReportError) -> [CellMeasurement] {
        let text = try measurementsText()
        do {
            return try MeasurementCSV.parse(text, file: measurementsPath, droppingCutOffRow: droppingCutOffRow)
        } catch {
            guard !droppingCutOffRow, MeasurementCSV.cutOffLine(text) != nil, let metadata = try? readMetadata() else { throw error }
            let advice = metadata.state == .complete
                ? "the run had ended, so the file was damaged afterwards; restore it from a copy or measure again"
                : "the run was not finished; \(metadata.finishAdvice(path))" + (metadata.canResume ? ", which drops the row and measures it again" : "")
            throw .malformed("\(error.description); \(advice)")
        }
    }

    /// The line of a cut-off last row of measurements.csv; nil when every row is whole.
    public func cutOffRowLine() throws(ReportError) -> Int? {
        MeasurementCSV.cutOffLine(try measurementsText())
    }

    /// Removes a cut-off last row from measurements.csv so the rows appended next start on a line of
    /// their own (resume measures that row again); returns its line number, nil when there was none.
    public func removeCutOffRow() throws(ReportError) -> Int? {
        let text = try measurementsText()
        guard let line = MeasurementCSV.cutOffLine(text) else { return nil }
        let whole = text.utf8.lastIndex(of: UInt8(ascii: "\n")).map { text.utf8.distance(from: text.utf8.startIndex, to: $0) + 1 } ?? 0
        try FileOutput.truncate(measurementsPath, to: whole)
        return line
    }

    private func measurementsText() throws(ReportError) -> String {
        guard let data = FileManager.default.contents(atPath: measurementsPath) else { throw .notFound("cannot read \(measurementsPath)") }
        guard let text = String(data: data, encoding: .utf8) else {
            let valid = String(decoding: data, as: UTF8.self).prefix { $0 != "\u{FFFD}" }.utf8.count
            throw .malformed("\(measurementsPath) is not text: bytes that are not UTF-8 from byte \(valid + 1) on")
        }
        return text
    }

    /// Writes summary.csv and one merged .hgrm percentile distribution per ping-pong cell, after
    /// flushing the measurements appended while measuring.
    public func writeSummary(_ summaries: [CellSummary]) throws(ReportError) {
        try FileOutput.sync(measurementsPath)
        try FileOutput.writeAtomically(SummaryCSV.document(summaries), to: summaryPath)
        for summary in summaries {
            guard let histogram = summary.mergedHistogram else { continue }
            let text = Self.percentiles(histogram, title: "\(summary.cell.id): round-trip time in microseconds, merged over \(summary.okRepetitions) repetitions")
            try FileOutput.makeDirectory(histogramsPath)
            try FileOutput.writeAtomically(text, to: "\(histogramsPath)/\(Self.fileName(summary.cell)).hgrm")
        }
        try writeOneWayHistograms(summaries)
    }

    /// An .hgrm file: HdrHistogram's percentile distribution in µs under a `# title` line, its
    /// columns separated by one space instead of padded to a width (gnuplot and HdrHistogram's
    /// plotter split on whitespace; the padding made the committed references' histograms 40% larger).
    static func percentiles(_ histogram: Histogram<UInt64>, title: String) -> String {
        var padded = ""
        histogram.outputPercentileDistribution(to: &padded, outputValueUnitScalingRatio: 1000)
        let lines = padded.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        return "# \(title)\n" + lines.joined(separator: "\n")
    }

    public func writeMetadata(_ metadata: RunMetadata) throws(ReportError) {
        try FileOutput.writeAtomically(metadata.json(), to: metadataPath)
    }

    public func readMetadata() throws(ReportError) -> RunMetadata {
        guard let data = FileManager.default.contents(atPath: metadataPath) else { throw .notFound("\(metadataPath) not found") }
        return try JSONFile.decode(RunMetadata.self, from: data, path: metadataPath)
    }

    /// A file-system-safe name from a cell id.
    public static func fileName(_ cell: Cell) -> String { fileName(cellID: cell.id) }

    public static func fileName(cellID: String) -> String {
        String(cellID.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
    }
}

import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats

extension BaselineFile {
    /// Groups measurements into recorded cells, in the order of `cells`; a cell without any
    /// measurement is left out (it was never measured).
    public init(name: String, source: String, cells: [Cell], measurements: [CellMeasurement], metadata: RunMetadata? = nil) {
        let ordered = measurements.sorted { $0.repetition < $1.repetition }
        var allCells = cells
        for m in measurements where !allCells.contains(m.cell) { allCells.append(m.cell) }
        self.init(
            format: Self.formatName, version: Self.formatVersion, name: name,
            measuredAt: metadata?.startTime, savedAt: nil, source: source,
            sockbenchVersion: metadata?.sockbenchVersion, gitCommit: metadata?.gitCommit, host: metadata?.host,
            cells: Summaries.make(cells: allCells, measurements: ordered).map(RecordedCell.init)
        )
    }

    /// Reads a run directory (measurements.csv, histograms/ and, when present, run.json).
    public static func reading(run path: String, name: String? = nil) throws(ReportError) -> BaselineFile {
        let directory = try RunDirectory.open(path)
        let metadata = FileManager.default.fileExists(atPath: directory.metadataPath) ? try directory.readMetadata() : nil
        let measurements = try directory.measurements()
        return BaselineFile(
            name: name ?? metadata?.name ?? (path as NSString).lastPathComponent, source: path,
            cells: metadata?.cells ?? [], measurements: measurements, metadata: metadata
        )
    }

    /// Decodes baseline.json, refusing other formats and versions, and values no run can produce.
    public static func decode(_ data: Data, path: String) throws(ReportError) -> BaselineFile {
        struct Header: Decodable { var format: String?; var version: Int? }
        let header = try JSONFile.decode(Header.self, from: data, path: path)
        guard header.format == formatName else { throw .malformed("\(path) is not a sockbench baseline (its format is not '\(formatName)')") }
        guard header.version == formatVersion else {
            throw .malformed("\(path) has baseline format version \(header.version.map(String.init) ?? "?"); this sockbench reads version \(formatVersion)")
        }
        let baseline = try JSONFile.decode(BaselineFile.self, from: data, path: path)
        if let problem = baseline.problem() { throw .malformed("\(path): \(problem)") }
        return baseline
    }

    /// Pretty-printed, keys sorted, slashes of cell ids left as they are.
    public func json() throws(ReportError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n" } catch {
            throw .cannotWrite("cannot encode baseline \(name): \(error)")
        }
    }
}

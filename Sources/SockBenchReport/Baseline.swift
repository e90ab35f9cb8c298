import Foundation
import SockBenchCore
import SockBenchRunner

/// baseline.json: a run's per-cell results, kept in the repository so later runs can be checked
/// against them. Written pretty-printed with sorted keys so a re-baseline reads well in a diff.
///
/// Format version 1:
///
///     { "format": "sockbench-baseline", "version": 1, "name": "main",
///       "measuredAt": run start, "savedAt": save time, "source": run directory,
///       "sockbenchVersion", "gitCommit", "host": { as in run.json },
///       "cells": [ { "id": Cell.id, "axes": { transport, pattern, sizeBytes, ... },
///                    "okRepetitions", "failedRepetitions", "error",
///                    "metrics": { "msg_per_s": { "values": [one per repetition], "median" }, ... },
///                    "rttMerged": { percentiles of the merged histogram, µs } } ] }
///
/// A metric with no value in a cell (RTT of a stream) is left out. Any run directory can be read
/// into this form, which is what `check` compares.
public struct BaselineFile: Codable, Sendable {
    public static let formatName = "sockbench-baseline"
    public static let formatVersion = 1

    public var format: String
    public var version: Int
    public var name: String
    public var measuredAt: String?
    public var savedAt: String?
    /// The run directory the values come from.
    public var source: String
    public var sockbenchVersion: String?
    public var gitCommit: String?
    /// The machine the run was measured on; nil when the run has no run.json.
    public var host: HostInfo?
    public var cells: [RecordedCell]
}

/// One cell of a baseline: its axes, how many repetitions finished, and every metric's values.
public struct RecordedCell: Codable, Sendable {
    /// `Cell.id`: the key cells are matched by across runs.
    public var id: String
    public var axes: Cell
    public var okRepetitions: Int
    public var failedRepetitions: Int
    /// The first failure's message, when a repetition failed.
    public var error: String?
    public var metrics: [String: MetricRecord]
    public var rttMerged: RoundTripSummary?
}

/// A metric's per-repetition values (in repetition order) and their median.
public struct MetricRecord: Codable, Sendable, Equatable {
    public var values: [Double]
    public var median: Double

    /// nil when no value is finite: such a metric is left out of the baseline.
    public init?(_ values: [Double]) {
        let finite = values.filter(\.isFinite)
        guard let statistics = SampleStatistics(finite) else { return nil }
        self.values = finite
        self.median = statistics.median
    }
}

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

    /// Decodes baseline.json, refusing other formats and versions with a clear message.
    public static func decode(_ data: Data, path: String) throws(ReportError) -> BaselineFile {
        struct Header: Decodable { var format: String?; var version: Int? }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: data) } catch {
            throw .malformed("\(path) is not valid JSON: \(describe(error))")
        }
        guard header.format == formatName else { throw .malformed("\(path) is not a sockbench baseline (its format is not '\(formatName)')") }
        guard header.version == formatVersion else {
            throw .malformed("\(path) has baseline format version \(header.version.map(String.init) ?? "?"); this sockbench reads version \(formatVersion)")
        }
        do { return try JSONDecoder().decode(BaselineFile.self, from: data) } catch {
            throw .malformed("\(path) is not a valid baseline: \(describe(error))")
        }
    }

    /// Pretty-printed, keys sorted, slashes of cell ids left as they are.
    public func json() throws(ReportError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n" } catch {
            throw .cannotWrite("cannot encode baseline \(name): \(error)")
        }
    }

    /// A decoding error as one line naming the JSON path, not Foundation's nested dump.
    private static func describe(_ error: any Error) -> String {
        let context: DecodingError.Context? = switch error as? DecodingError {
        case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c): c
        default: nil
        }
        guard let context else { return "\(error)" }
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        var message = context.debugDescription
        if case .keyNotFound(let key, _) = error as? DecodingError { message = "missing key '\(key.stringValue)'" }
        return path.isEmpty ? message : "\(path.hasPrefix(".") ? String(path.dropFirst()) : path): \(message)"
    }
}

extension RecordedCell {
    init(_ summary: CellSummary) {
        var metrics: [String: MetricRecord] = [:]
        for (name, values) in summary.values { metrics[name] = MetricRecord(values) }
        self.init(
            id: summary.cell.id, axes: summary.cell, okRepetitions: summary.okRepetitions,
            failedRepetitions: summary.failedRepetitions, error: summary.firstError, metrics: metrics,
            rttMerged: summary.mergedRoundTrip
        )
    }
}

/// Named baselines under a root directory (`baselines/NAME/`): baseline.json plus copies of the
/// run's run.json and summary.csv, for a reader who wants the whole context.
public enum Baselines {
    public static let defaultRoot = "baselines"
    public static let fileName = "baseline.json"

    /// One line of `baseline list`; `problem` is set when baseline.json cannot be read.
    public struct Listing: Sendable {
        public var name: String
        public var measuredAt: String?
        public var host: String?
        public var cells: Int
        public var problem: String?
    }

    /// Stores the run at `runPath` as `root/name/`. Refuses an unfinished run, and an existing
    /// baseline unless `replace` is set. Returns the baseline and its directory.
    @discardableResult
    public static func save(run runPath: String, name: String?, into root: String = defaultRoot, replace: Bool = false) throws(ReportError) -> (baseline: BaselineFile, directory: String) {
        let run = try RunDirectory.open(runPath)
        let metadata = try run.readMetadata()
        guard metadata.state == .complete else {
            throw .invalid("\(runPath) is not complete (state \(metadata.state.rawValue)); finish it with: sockbench run --resume \(runPath)")
        }
        let name = name ?? metadata.name
        guard isValidName(name) else { throw .invalid("--name: '\(name)' may hold only letters, digits, '-', '_' and '.'") }
        var baseline = try BaselineFile.reading(run: runPath, name: name)
        guard !baseline.cells.isEmpty else { throw .invalid("\(runPath) holds no measurement to keep as a baseline") }
        baseline.savedAt = Timestamps.iso8601(Date())
        let directory = "\(root)/\(name)"
        if !replace, FileManager.default.fileExists(atPath: "\(directory)/\(fileName)") {
            throw .cannotWrite("baseline '\(name)' already exists in \(root); give --replace to overwrite it")
        }
        try FileOutput.makeDirectory(directory)
        try FileOutput.writeAtomically(try baseline.json(), to: "\(directory)/\(fileName)")
        try FileOutput.writeAtomically(try read(run.metadataPath), to: "\(directory)/run.json")
        let summary = FileManager.default.fileExists(atPath: run.summaryPath)
            ? try read(run.summaryPath)
            : SummaryCSV.document(Summaries.make(cells: metadata.cells, measurements: try run.measurements()))
        try FileOutput.writeAtomically(summary, to: "\(directory)/summary.csv")
        return (baseline, directory)
    }

    /// Every baseline under `root`, by name; an unreadable one is listed with its problem.
    public static func list(in root: String = defaultRoot) -> [Listing] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.sorted().compactMap { name -> Listing? in
            let path = "\(root)/\(name)/\(fileName)"
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            do throws(ReportError) {
                let baseline = try load(path)
                let host = baseline.host.map { "\($0.hostname) (\($0.kernel))" }
                return Listing(name: name, measuredAt: baseline.measuredAt, host: host, cells: baseline.cells.count)
            } catch {
                return Listing(name: name, cells: 0, problem: error.description)
            }
        }
    }

    /// What `--baseline` names: a baseline under `root`, else a baseline directory or a run directory.
    public static func resolve(_ reference: String, root: String = defaultRoot) throws(ReportError) -> BaselineFile {
        if isValidName(reference), FileManager.default.fileExists(atPath: "\(root)/\(reference)/\(fileName)") {
            return try load("\(root)/\(reference)/\(fileName)")
        }
        return try open(reference, looked: "no baseline named '\(reference)' in \(root)/ (sockbench baseline list shows them)")
    }

    /// A baseline directory (with baseline.json) or a run directory (with measurements.csv).
    public static func open(_ path: String, looked: String? = nil) throws(ReportError) -> BaselineFile {
        if FileManager.default.fileExists(atPath: "\(path)/\(fileName)") { return try load("\(path)/\(fileName)") }
        if FileManager.default.fileExists(atPath: "\(path)/measurements.csv") { return try BaselineFile.reading(run: path) }
        let what = FileManager.default.fileExists(atPath: path)
            ? "\(path) is neither a baseline (no \(fileName)) nor a run directory (no measurements.csv)"
            : "\(path) does not exist"
        throw .notFound(looked.map { "\($0), and \(what)" } ?? what)
    }

    static func load(_ path: String) throws(ReportError) -> BaselineFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw .notFound("cannot read \(path)") }
        return try BaselineFile.decode(data, path: path)
    }

    static func read(_ path: String) throws(ReportError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw .notFound("cannot read \(path)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// Names become directory names: letters, digits, '-', '_' and '.', not starting with '.'.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
    }
}

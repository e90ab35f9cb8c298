import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats

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
            throw .invalid("\(runPath) is not complete (state \(metadata.state.rawValue)); \(metadata.finishAdvice(runPath))")
        }
        let name = name ?? metadata.name
        guard RunName.isValid(name) else { throw .invalid(RunName.problem(name)) }
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
        if RunName.isValid(reference), FileManager.default.fileExists(atPath: "\(root)/\(reference)/\(fileName)") {
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
}

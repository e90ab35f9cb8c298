import Foundation
import SockBenchCore
import SockBenchModel

/// Whether a path may become a new run directory: answered without creating anything, so
/// `run --dry-run` can say what the real run would do with its `--output`.
extension RunDirectory {
    /// Why `path` cannot hold a new run because of what is already there: a run (never
    /// overwritten) or other files (never mixed with a run's). Nil for a new or empty directory.
    public static func existingContentProblem(at path: String) -> ReportError? {
        if FileManager.default.fileExists(atPath: "\(path)/measurements.csv") || FileManager.default.fileExists(atPath: "\(path)/run.json") {
            return .cannotWrite("\(path) already holds a run; choose another --output, or finish it with --resume \(path)")
        }
        guard Sys.kind(path) == .directory, let entries = try? FileManager.default.contentsOfDirectory(atPath: path), !entries.isEmpty else {
            return nil
        }
        return .cannotWrite("\(path) is not empty and holds no sockbench run (\(entries.count == 1 ? "1 entry" : "\(entries.count) entries"), such as \(entries.sorted()[0])); choose a new or empty --output directory")
    }

    /// Every reason known in advance that creating a run at `path` would fail: what is already
    /// there, a file in the way, or a nearest existing parent that is not a writable directory.
    public static func creationProblem(at path: String) -> ReportError? {
        existingContentProblem(at: path) ?? FileOutput.directoryProblem(path)
    }
}

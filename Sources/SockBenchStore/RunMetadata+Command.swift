import Foundation

/// Which sockbench command made a run directory, and so how it can be finished: `run --resume`
/// re-measures the recorded matrix, which is all a run (or `check --run`) is; a load sweep, a
/// calibration or a reproduction has its own steps after measuring (knees, calibration.csv,
/// claim.csv), so it is started again instead.
extension RunMetadata {
    /// The commands whose directories `run --resume` finishes.
    public static let resumableCommands = ["run", "check"]
    static let commandsMakingRuns = ["run", "check", "reproduce", "calibrate", "load"]

    /// The command that made the run: run.json's `command`, or for runs written before it, the
    /// subcommand word of the recorded command line ("run" when there is none).
    public var madeBy: String {
        command ?? commandLine.dropFirst().first { Self.commandsMakingRuns.contains($0) } ?? "run"
    }

    public var canResume: Bool { Self.resumableCommands.contains(madeBy) }

    /// The recorded command without `--output`, so it makes a new run directory when typed again.
    public var rerunCommand: String {
        var words: [String] = []
        var skipNext = false
        for word in commandLine.dropFirst() {
            if skipNext { skipNext = false; continue }
            if word == "--output" { skipNext = true; continue }
            if word.hasPrefix("--output=") { continue }
            words.append(word)
        }
        if words.first.map({ !Self.commandsMakingRuns.contains($0) }) ?? true { words.insert(madeBy, at: 0) }
        return (["sockbench"] + words).joined(separator: " ")
    }

    /// How to finish the unfinished run in `path`, as the end of a sentence.
    public func finishAdvice(_ path: String) -> String {
        canResume
            ? "finish it with: sockbench run --resume \(path)"
            : "start it again with: \(rerunCommand) (a new run directory; \(path) is left as it is)"
    }

    /// The line run, load, calibrate and reproduce print when a signal stopped them. run.json
    /// (`metadata`, else read from `path`) knows which command made the run, so the line says how
    /// to finish it: `run --resume` for a run, the same command again for the others.
    public static func interruptedLine(_ path: String, metadata: RunMetadata? = nil) -> String {
        let advice = (metadata ?? (try? RunDirectory.open(path).readMetadata()))?.finishAdvice(path)
        return "interrupted: finished measurements are kept in \(path); run.json says interrupted; \(advice ?? "measure again for a complete run")"
    }

    /// Why `run --resume` refuses `path`, in one line; nil when it can finish it.
    public func resumeRefusal(_ path: String) -> String? {
        guard !canResume else { return nil }
        let loses = switch madeBy {
        case "load": "it would measure only the first rate of each transport and find no knee"
        case "calibrate": "calibration.csv and calibration.json would not be written again"
        case "reproduce": "it would skip the budgeted rounds and write no claim.csv or REPORT.md"
        default: "it knows only run's steps"
        }
        return "\(path) was made by `sockbench \(madeBy)`, which run --resume cannot finish (\(loses)); \(finishAdvice(path))"
    }
}

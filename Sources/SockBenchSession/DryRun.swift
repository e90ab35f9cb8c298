import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchRunner
import SockBenchStore

/// `--dry-run`: what a real run with the same options would measure, skip, take and write, and
/// whether it would refuse to start. It measures nothing and creates nothing; when the real run
/// would refuse, it ends with the same error line and exit status. `out` takes each line (stdout).
public enum DryRun {
    /// A new run. `seedGiven`: whether --seed fixed the seed (otherwise the real run draws its own).
    public static func print(plan: MatrixPlan, request: RunPlan, seedGiven: Bool, out: (String) -> Void) throws {
        let runner = MatrixRunner(cells: plan.cells, schedule: [], settings: request.settings)
        let measurements = plan.cells.count * request.repetitions
        let seed = seedGiven ? "seed \(request.seed)" : "seed drawn at run time (give --seed N to fix it)"
        out("plan: \(plan.cells.count) cells × \(request.repetitions) repetitions = \(measurements) measurements, \(seed)")
        for cell in plan.cells {
            out("  cell  \(cell.id)")
            if let placement = ThreadLayout.placement(cell, settings: request.settings) { out("        threads: \(placement)") }
        }
        for warning in ThreadLayout.warnings(plan.cells, settings: request.settings) { out("  warning  \(warning)") }
        for note in plan.notes { out("  note  \(note)") }
        for skipped in plan.skipped { out("  skip  \(skipped)") }
        if let target = request.target {
            out("  --target-ci \(NumberFormat.percent(target.relativeHalfWidth)) targets \(target.describe(cells: plan.cells, compare: request.compare)): wider ones get more repetitions, up to \(request.maximumRepetitions) each (a looks-based rule: its 95% is optimistic)")
        }
        printEstimate(measurements: measurements, secondsEach: runner.secondsPerMeasurement, out: out)
        let problem: ReportError?
        if request.outputIsDefault {
            out("output: \((request.outputPath as NSString).deletingLastPathComponent)/<UTC timestamp at start>-\(request.name) (a new directory)")
            problem = nil
        } else {
            problem = RunDirectory.creationProblem(at: request.outputPath)
            out("output: \(request.outputPath) (\(problem == nil ? Sys.kind(request.outputPath) == nil ? "a new directory" : "an empty directory" : "refused"))")
        }
        if plan.cells.isEmpty {
            throw ReportError.invalid("nothing to measure: every combination was skipped (\(plan.skipped.map(\.description).joined(separator: "; ")))")
        }
        if let problem { throw problem }
        out("dry run: nothing measured, nothing written")
    }

    /// `--resume DIR --dry-run`: what resuming would measure, with the run's own matrix and seed.
    public static func printResume(_ path: String, out: (String) -> Void) throws {
        let directory = try RunDirectory.open(path)
        let metadata = try directory.readMetadata()
        // The same refusal as the real resume, before anything is printed.
        _ = try RunSession.resume(path)
        let done = Set(try directory.measurementRows(droppingCutOffRow: true).map { MatrixRunner.key($0.cell, $0.repetition) })
        if let line = try directory.cutOffRowLine() {
            out("note: \(directory.measurementsPath) line \(line) is cut off; the resume drops it and measures it again")
        }
        let cells = metadata.cells
        let schedule = RunSession.schedule(metadata)
        let remaining = schedule.filter { !done.contains(MatrixRunner.key(cells[$0.cellIndex], $0.repetition)) }
        out("resume: \(path) (state \(metadata.state.rawValue)): \(schedule.count - remaining.count) of \(schedule.count) measurements done, \(remaining.count) to measure, seed \(metadata.seed) (recorded; the order continues)")
        var left: [Int: Int] = [:]
        for item in remaining { left[item.cellIndex, default: 0] += 1 }
        for (index, cell) in cells.enumerated() where left[index] != nil {
            out("  cell  \(cell.id)  \(left[index]!) of \(metadata.repetitions) repetitions to measure")
        }
        let runner = MatrixRunner(cells: cells, schedule: [], settings: metadata.settings)
        printEstimate(measurements: remaining.count, secondsEach: runner.secondsPerMeasurement, out: out)
        out("output: \(path) (appended to; finished measurements are kept)")
        out("dry run: nothing measured, nothing written")
    }

    private static func printEstimate(measurements: Int, secondsEach: Double, out: (String) -> Void) {
        out(String(format: "estimated time: %.0f s (%.2f s per measurement)", Double(measurements) * secondsEach, secondsEach))
    }
}

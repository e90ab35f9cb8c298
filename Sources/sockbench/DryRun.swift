import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// `--dry-run`: what a real run with the same options would measure, skip, take and write, and
/// whether it would refuse to start. It measures nothing and creates nothing; when the real run
/// would refuse, it ends with the same error line and exit status.
enum DryRun {
    /// A new run. `seedGiven`: whether --seed fixed the seed (otherwise the real run draws its own).
    static func print(plan: MatrixPlan, request: RunRequest, seedGiven: Bool) throws {
        let runner = MatrixRunner(cells: plan.cells, schedule: [], settings: request.settings)
        let measurements = plan.cells.count * request.repetitions
        let seed = seedGiven ? "seed \(request.seed)" : "seed drawn at run time (give --seed N to fix it)"
        Swift.print("plan: \(plan.cells.count) cells × \(request.repetitions) repetitions = \(measurements) measurements, \(seed)")
        for cell in plan.cells { Swift.print("  cell  \(cell.id)") }
        for note in plan.notes { Swift.print("  note  \(note)") }
        for skipped in plan.skipped { Swift.print("  skip  \(skipped)") }
        if let target = request.target {
            Swift.print("  --target-ci \(NumberFormat.percent(target.relativeHalfWidth)) targets \(target.describe(cells: plan.cells, compare: request.compare)): wider ones get more repetitions, up to \(request.maximumRepetitions) each (a looks-based rule: its 95% is optimistic)")
        }
        printEstimate(measurements: measurements, secondsEach: runner.secondsPerMeasurement)
        let problem: ReportError?
        if request.outputIsDefault {
            Swift.print("output: \((request.outputPath as NSString).deletingLastPathComponent)/<UTC timestamp at start>-\(request.name) (a new directory)")
            problem = nil
        } else {
            problem = RunDirectory.creationProblem(at: request.outputPath)
            Swift.print("output: \(request.outputPath) (\(problem == nil ? Sys.kind(request.outputPath) == nil ? "a new directory" : "an empty directory" : "refused"))")
        }
        if plan.cells.isEmpty {
            throw ReportError.invalid("nothing to measure: every combination was skipped (\(plan.skipped.map(\.description).joined(separator: "; ")))")
        }
        if let problem { throw problem }
        Swift.print("dry run: nothing measured, nothing written")
    }

    /// `--resume DIR --dry-run`: what resuming would measure, with the run's own matrix and seed.
    static func printResume(_ path: String) throws {
        let directory = try RunDirectory.open(path)
        let metadata = try directory.readMetadata()
        // The same refusal as the real resume, before anything is printed.
        _ = try RunSession.resume(path)
        let done = Set(try directory.measurementRows(droppingCutOffRow: true).map { MatrixRunner.key($0.cell, $0.repetition) })
        if let line = try directory.cutOffRowLine() {
            Swift.print("note: \(directory.measurementsPath) line \(line) is cut off; the resume drops it and measures it again")
        }
        let cells = metadata.cells
        let schedule = RunSession.schedule(metadata)
        let remaining = schedule.filter { !done.contains(MatrixRunner.key(cells[$0.cellIndex], $0.repetition)) }
        Swift.print("resume: \(path) (state \(metadata.state.rawValue)): \(schedule.count - remaining.count) of \(schedule.count) measurements done, \(remaining.count) to measure, seed \(metadata.seed) (recorded; the order continues)")
        var left: [Int: Int] = [:]
        for item in remaining { left[item.cellIndex, default: 0] += 1 }
        for (index, cell) in cells.enumerated() where left[index] != nil {
            Swift.print("  cell  \(cell.id)  \(left[index]!) of \(metadata.repetitions) repetitions to measure")
        }
        let runner = MatrixRunner(cells: cells, schedule: [], settings: metadata.settings)
        printEstimate(measurements: remaining.count, secondsEach: runner.secondsPerMeasurement)
        Swift.print("output: \(path) (appended to; finished measurements are kept)")
        Swift.print("dry run: nothing measured, nothing written")
    }

    private static func printEstimate(measurements: Int, secondsEach: Double) {
        Swift.print(String(format: "estimated time: %.0f s (%.2f s per measurement)", Double(measurements) * secondsEach, secondsEach))
    }
}

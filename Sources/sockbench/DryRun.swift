import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// `--dry-run`: what would be measured, what is skipped and why, and how long it would take.
enum DryRun {
    static func print(plan: MatrixPlan, request: RunRequest) {
        let runner = MatrixRunner(cells: plan.cells, schedule: [], settings: request.settings)
        let measurements = plan.cells.count * request.repetitions
        Swift.print("plan: \(plan.cells.count) cells × \(request.repetitions) repetitions = \(measurements) measurements, seed \(request.seed)")
        for cell in plan.cells { Swift.print("  cell  \(cell.id)") }
        for note in plan.notes { Swift.print("  note  \(note)") }
        for skipped in plan.skipped { Swift.print("  skip  \(skipped)") }
        let seconds = Double(measurements) * runner.secondsPerMeasurement
        Swift.print(String(format: "estimated time: %.0f s (%@ per measurement); output: %@", seconds, String(format: "%.2f s", runner.secondsPerMeasurement), request.outputPath))
    }
}

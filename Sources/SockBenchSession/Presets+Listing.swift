import Foundation
import SockBenchModel
import SockBenchRunner

extension Presets {
    /// `sockbench presets`: one line per preset with its name, cells × repetitions, the time it takes
    /// (from the measurement's warmup, extent and the harness's fixed cost) and what it is for.
    public static func listing() -> [String] {
        all.map { preset in
            let plan = Matrix.expand(preset.axes)
            let runner = MatrixRunner(cells: plan.cells, schedule: [], settings: preset.settings)
            let seconds = Double(plan.cells.count * preset.repetitions) * runner.secondsPerMeasurement
            return "\(preset.name.padding(toLength: 8, withPad: " ", startingAt: 0))  \(plan.cells.count) cells × \(preset.repetitions) reps, about \(Int(seconds.rounded())) s: \(preset.summary)"
        }
    }
}

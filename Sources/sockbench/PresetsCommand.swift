import ArgumentParser
import SockBenchModel
import SockBenchRunner
import SockBenchSession

struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "List the built-in matrices that `run --preset NAME` measures.",
        discussion: "Each preset is a complete matrix: axes, repetitions, warmup and duration. Options given with --preset override the preset's values."
    )

    func run() {
        for preset in Presets.all {
            let plan = Matrix.expand(preset.axes)
            let runner = MatrixRunner(cells: plan.cells, schedule: [], settings: preset.settings)
            let seconds = Double(plan.cells.count * preset.repetitions) * runner.secondsPerMeasurement
            print("\(preset.name.padding(toLength: 8, withPad: " ", startingAt: 0))  \(plan.cells.count) cells × \(preset.repetitions) reps, about \(Int(seconds.rounded())) s: \(preset.summary)")
        }
    }
}

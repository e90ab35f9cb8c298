import ArgumentParser
import SockBenchSession

struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "List the built-in matrices that `run --preset NAME` measures.",
        discussion: "Each preset is a complete matrix: axes, repetitions, warmup and duration. Options given with --preset override the preset's values."
    )

    func run() {
        for line in Presets.listing() { print(line) }
    }
}

import ArgumentParser

struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "presets", abstract: "(not yet implemented)")

    func run() throws {
        throw CleanExit.message("presets: not yet implemented")
    }
}

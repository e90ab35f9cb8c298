import ArgumentParser

struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet implemented)")

    func run() throws {
        throw CleanExit.message("baseline: not yet implemented")
    }
}

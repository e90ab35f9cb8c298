import ArgumentParser

struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet implemented)")

    func run() throws {
        throw CleanExit.message("plot: not yet implemented")
    }
}

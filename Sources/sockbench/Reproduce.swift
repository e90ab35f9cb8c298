import ArgumentParser

struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet implemented)")

    func run() throws {
        throw CleanExit.message("reproduce: not yet implemented")
    }
}

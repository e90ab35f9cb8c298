import ArgumentParser

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet implemented)")

    func run() throws {
        throw CleanExit.message("calibrate: not yet implemented")
    }
}

import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// Finds and runs gnuplot, the engine that renders the generated scripts. sockbench does not link
/// it; without it the scripts are still written and can be rendered later.
public enum Gnuplot {
    /// The first executable `gnuplot` on `searchPath` (a PATH-style list), if any.
    public static func locate(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        let directories = (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/gnuplot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public static var isInstalled: Bool { locate() != nil }

    /// Runs `gnuplot SCRIPT` in the script's directory and returns what it printed on stderr
    /// (warnings). A failing script is `.cannotWrite`, naming gnuplot's first error line.
    @discardableResult
    public static func render(script: String, gnuplot: String? = nil) throws(ReportError) -> [String] {
        guard let program = gnuplot ?? locate() else {
            throw .notFound("gnuplot is not installed; render \(script) later with: gnuplot \(script)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = [script]
        process.currentDirectoryURL = URL(fileURLWithPath: (script as NSString).deletingLastPathComponent)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch {
            throw .cannotWrite("cannot start \(program): \(error.localizedDescription)")
        }
        // Read to the end before waiting, so a chatty gnuplot cannot fill the pipe and stall.
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = output.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard process.terminationStatus == 0 else {
            let reason = lines.last { $0.contains("line") } ?? lines.last ?? "exit status \(process.terminationStatus)"
            throw .cannotWrite("gnuplot failed on \(script): \(reason)")
        }
        return lines.map { "\((script as NSString).lastPathComponent): \($0)" }
    }
}

import ArgumentParser
import Foundation
import SockBenchReport
import SockBenchSession
import SockBenchStats

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write DIR/report.html: one self-contained page of a run's results, comparisons and figures.",
        discussion: HelpText.report
    )

    @Argument(help: ArgumentHelp("The run directory, as written by sockbench run or reproduce.", valueName: "dir"))
    var directory: String

    func run() throws {
        try HTMLReports.write(directory, quiet: false)
    }
}

/// Writes report.html at the end of run, reproduce and check.
enum HTMLReports {
    static func write(_ directory: String, check: CheckReport? = nil, quiet: Bool) throws {
        let result = try CLIErrors.guarding { try HTMLReport.write(runDirectory: directory, check: check) }
        for warning in result.warnings { Console.error("gnuplot: \(warning)") }
        if let note = result.figuresNote, !quiet { Console.error("note: \(note)") }
        Console.error("report: \(result.path)")
    }
}

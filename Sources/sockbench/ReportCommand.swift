import ArgumentParser
import Foundation
import SockBenchReport
import SockBenchStats

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write DIR/report.html: one self-contained page of a run's results, comparisons and figures.",
        discussion: """
        The page holds the command line, host, warnings, a table per pattern of
        the median and 95% interval of every cell (only the axes that vary
        between cells are columns), the comparisons when the run directory holds
        them (compare.csv from run --compare, claim.csv from reproduce), and
        every figure inlined as SVG with a line saying what to look for. It
        needs no network, no scripts and no other file: open it offline or keep
        it as a CI artifact. Figures are rendered into DIR/figures with gnuplot;
        without gnuplot the page says so and still holds every table.

        run, reproduce and check write the report at the end (--no-report skips it).

        EXAMPLES
          sockbench report results/20261125T171800Z-run
          xdg-open results/20261125T171800Z-run/report.html
        """
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

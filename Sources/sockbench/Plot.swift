import ArgumentParser
import Foundation
import SockBenchReport
import SockBenchSession

struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write gnuplot scripts of a run's figures and render them to PNG and SVG.",
        discussion: HelpText.plot
    )

    @Argument(help: ArgumentHelp("The run directory to plot, as written by sockbench run.", valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp("Directory for the scripts and images (default: plots/<run name>, the run name being the last component of DIR).", valueName: "dir"))
    var output: String?

    @Flag(help: "Write the scripts only; do not run gnuplot even when it is installed.")
    var scriptsOnly = false

    func run() throws {
        let outputDirectory = output ?? PlotScripts.defaultOutputDirectory(forRun: directory)
        let result = try CLIErrors.guarding {
            try PlotScripts.plot(runDirectory: directory, outputDirectory: outputDirectory, render: !scriptsOnly)
        }
        if result.figures.isEmpty {
            Console.error("plot: \(directory) has no measured cells to draw")
            return
        }
        for figure in result.figures {
            print(result.rendered ? figure.images.joined(separator: "  ") : figure.script)
        }
        for warning in result.warnings { Console.error("gnuplot: \(warning)") }
        if result.rendered {
            Console.error("wrote \(result.figures.count) figures and their scripts to \(result.outputDirectory)")
        } else {
            if !scriptsOnly { Console.error("gnuplot not found: wrote the scripts only (install gnuplot, such as apt-get install gnuplot-nox)") }
            Console.error("render them with: for f in \(result.outputDirectory)/*.gp; do gnuplot \"$f\"; done")
        }
    }
}

import ArgumentParser
import Foundation
import SockBenchReport

/// Draws a run's figures through the plot command's library call.
enum Figures {
    static func render(run: String, into directory: String, quiet: Bool) throws {
        let result = try CLIErrors.guarding { try PlotScripts.plot(runDirectory: run, outputDirectory: directory) }
        for warning in result.warnings { Console.error("warning: \(warning)") }
        if result.gnuplot == nil {
            Console.error("gnuplot not found: wrote \(result.scripts.count) scripts to \(directory); render with: for f in \(directory)/*.gp; do gnuplot \"$f\"; done (apt-get install gnuplot-nox)")
        } else if !quiet {
            Console.error("plots: \(result.images.count) images in \(directory)")
        }
    }
}

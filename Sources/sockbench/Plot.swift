import ArgumentParser
import Foundation
import SockBenchReport

struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write gnuplot scripts of a run's figures and render them to PNG and SVG.",
        discussion: """
        Writes one gnuplot script (.gp) per figure the run has data for. The
        scripts read the run's summary.csv, histograms/*.hgrm and claim.csv
        where they are, by a path relative to the script; they copy no data. When gnuplot is
        installed, each script is rendered to FIGURE.png (1000x600) and
        FIGURE.svg next to it; without it the scripts are still written.
        Edit a script and render it again from any directory with:
          gnuplot FIGURE.gp

        Points are medians over repetitions with 95% CI bars. Axes a figure
        does not vary are held at their most common value, named in its
        subtitle. A summary.csv written by an older sockbench, without the
        writes, connections and connect_p50_us columns, is first written again
        from measurements.csv.

        FIGURES (each only when the run has its data)
          msg-rate-P, throughput-P    msg/s, MB/s vs size, per transport
          latency-vs-size             ping-pong RTT p50, p99, p99.9 vs size
          latency-distribution-SIZE   RTT percentile distribution
          sndbuf-sweep-P, rcvbuf-..   msg/s vs effective buffer size (two or more
                                      buffer sizes per line, the other axes held)
          buffers-P                   msg/s bars per buffer setting, when the
                                      buffers changed together (no sweep)
          nodelay-P, io-modes-P       TCP_NODELAY on/off, I/O modes
          cpu-per-message-P           CPU µs per message, both processes
          msg-rate-vs-connections,    --connections: msg/s and RTT p99 vs
          p99-vs-connections          connections (log), per transport
          connect-rate, connect-time  connect pattern: transactions/s and
                                      connect() p50, per transport
          split-writes                RTT p50 of whole and split round trips
                                      (--writes, --reply-writes), per
                                      transport and TCP_NODELAY setting
          claim-msg-rate, claim-ratio from claim.csv: claim vs measurement
        (P is the pattern: stream or pingpong.)

        EXAMPLES
          sockbench plot results/20261125T171800Z-default
          sockbench plot results/reference/claim --output plots/reference/claim
        """
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

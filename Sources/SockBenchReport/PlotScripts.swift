import Foundation
import Synchronization
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// One figure of a run: the gnuplot script that draws it and the images that script writes.
public struct PlotFigure: Sendable, Equatable {
    /// File name without extension, such as `msg-rate-stream`.
    public var name: String
    public var title: String
    /// Absolute path of the .gp script.
    public var script: String
    /// Absolute paths of the .png and .svg the script writes next to itself.
    public var images: [String]
}

/// What `PlotScripts.plot` made.
public struct PlotResult: Sendable {
    public var outputDirectory: String
    public var figures: [PlotFigure]
    /// The gnuplot that rendered the scripts; nil when none was found or rendering was not asked for.
    public var gnuplot: String?
    /// Images that exist after rendering (empty without gnuplot).
    public var images: [String]
    /// What gnuplot printed on stderr while rendering, one line each.
    public var warnings: [String]

    public var scripts: [String] { figures.map(\.script) }
    public var rendered: Bool { gnuplot != nil }
}

/// Turns a run directory into gnuplot scripts, one per figure the run has data for. The scripts
/// read the run's CSV and .hgrm files by a path relative to the script (they copy no data), so a user can edit one
/// and run `gnuplot FILE.gp` again from any directory.
public enum PlotScripts {
    /// `plots/<run name>`, the run name being the last component of the run directory.
    public static func defaultOutputDirectory(forRun run: String, root: String = "plots") -> String {
        "\(root)/\(URL(fileURLWithPath: run).standardizedFileURL.lastPathComponent)"
    }

    /// Writes one script per figure into `output` (created if missing) and returns the figures.
    /// A run without summary.csv, or that is not a run directory, is `.notFound`.
    public static func write(run: String, to output: String) throws(ReportError) -> [PlotFigure] {
        let plotRun = try PlotRun.load(run)
        let directory = URL(fileURLWithPath: output).standardizedFileURL.path
        try FileOutput.makeDirectory(directory)
        // A run across hosts names its pair of hosts under every figure's title.
        let hosts = (try? RunDirectory.open(run).readMetadata()).flatMap { HostPlacement.pairLabel(client: $0.clientHost ?? $0.host, server: $0.serverHost) }
        return try figures(for: plotRun).map { figure throws(ReportError) in
            var figure = figure
            if let hosts { figure.subtitle += "\n" + hosts }
            let script = "\(directory)/\(figure.name).gp"
            try FileOutput.writeAtomically(GnuplotText.script(figure, run: plotRun, outputDirectory: directory), to: script)
            return PlotFigure(name: figure.name, title: figure.title, script: script,
                              images: ["png", "svg"].map { "\(directory)/\(figure.name).\($0)" })
        }
    }

    /// Writes the scripts and, when `render` is set and gnuplot is installed, renders every one.
    /// The single entry point for `sockbench plot` and `sockbench reproduce`.
    public static func plot(runDirectory: String, outputDirectory: String, render: Bool = true) throws(ReportError) -> PlotResult {
        let figures = try write(run: runDirectory, to: outputDirectory)
        var result = PlotResult(
            outputDirectory: URL(fileURLWithPath: outputDirectory).standardizedFileURL.path,
            figures: figures, gnuplot: nil, images: [], warnings: []
        )
        guard render, let gnuplot = Gnuplot.locate() else { return result }
        result.gnuplot = gnuplot
        // One gnuplot per core at a time: `reproduce` draws some sixty figures twice (plots/ and
        // the report), which took a fifth of its wall time one after another. Results in figure order.
        let outcomes = Mutex<[Int: Result<[String], ReportError>]>([:])
        DispatchQueue.concurrentPerform(iterations: figures.count) { index in
            let outcome = Result { () throws(ReportError) -> [String] in
                let warnings = try Gnuplot.render(script: figures[index].script, gnuplot: gnuplot)
                for image in figures[index].images where image.hasSuffix(".svg") { try InlineSVG.minifyFile(image) }
                return warnings
            }
            outcomes.withLock { $0[index] = outcome }
        }
        let rendered = outcomes.withLock { $0 }
        for (index, figure) in figures.enumerated() {
            result.warnings += try rendered[index]!.get()
            result.images += figure.images.filter { FileManager.default.fileExists(atPath: $0) }
        }
        return result
    }
}

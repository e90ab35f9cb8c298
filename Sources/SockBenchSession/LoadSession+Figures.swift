import Foundation
import SockBenchModel
import SockBenchReport
import SockBenchStore

extension LoadSession {
    /// The figures of a finished sweep: knee.csv and the gnuplot scripts in `directory`, rendered to
    /// images where gnuplot is installed.
    public struct Figures {
        public var scripts: [String]
        /// The images gnuplot drew (none without gnuplot).
        public var images: [String]
        /// What gnuplot said, and the scripts it could not render.
        public var warnings: [String]

        /// The images when there are any, else the scripts.
        public var files: [String] { images.isEmpty ? scripts : images }
    }

    public static func writeFigures(_ outcome: Outcome, bound: LatencyBound, into directory: String) throws(ReportError) -> Figures {
        let scripts = try LoadFigures.write(outcome.sweeps, bound: bound, run: outcome.directory, into: directory)
        var figures = Figures(scripts: scripts, images: [], warnings: [])
        guard Gnuplot.isInstalled else { return figures }
        for script in scripts {
            figures.warnings += (try? Gnuplot.render(script: script)) ?? ["could not render \(script)"]
            let image = script.replacingOccurrences(of: ".gp", with: ".png")
            if FileManager.default.fileExists(atPath: image) { figures.images.append(image) }
        }
        return figures
    }
}

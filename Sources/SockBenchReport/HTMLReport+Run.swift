import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// What `HTMLReport.write` made.
public struct HTMLReportResult: Sendable {
    /// Absolute path of report.html.
    public var path: String
    public var figures: Int
    /// gnuplot's complaints while rendering, one line each.
    public var warnings: [String]
    /// Set when the report has no figures because gnuplot is not installed.
    public var figuresNote: String?
}

extension HTMLReport {
    /// The file name of the report inside a run directory.
    public static let fileName = "report.html"
    /// Where the figures' scripts and images go inside the run directory.
    public static let figuresDirectory = "figures"
    public static let noGnuplot = "Figures need gnuplot, which is not installed (apt-get install gnuplot-nox); the tables above hold every number. Run sockbench report DIR again once it is."

    /// The report of the run in `directory`: its metadata, summary of every measurement, claim.csv
    /// and compare.csv when present, and its figures rendered to SVG (when gnuplot is installed).
    public static func forRun(_ directory: String, check: CheckReport? = nil, render: Bool = true) throws(ReportError) -> (HTMLReport, warnings: [String]) {
        let run = try RunDirectory.open(directory)
        let metadata = try run.readMetadata()
        let measurements = try run.measurements()
        let summaries = Summaries.make(cells: metadata.cells, measurements: measurements)
        let host: [(String, String)] = [
            ("host", metadata.host.hostname), ("kernel", metadata.host.kernel),
            ("cpu", "\(metadata.host.cpuModel) (\(metadata.host.cores) cores)"),
            ("virtual machine", metadata.host.virtualMachine ? "yes" : "no"),
            ("started", metadata.startTime), ("ended", metadata.endTime ?? "-"), ("state", metadata.state.rawValue),
            ("seed", String(metadata.seed)), ("sockbench", metadata.sockbenchVersion + (metadata.gitCommit.map { " (\($0))" } ?? "")),
        ]
        func optionalText(_ name: String) -> String? { try? String(contentsOfFile: "\(run.path)/\(name)", encoding: .utf8) }
        var report = HTMLReport(
            title: "sockbench report: \(metadata.name)", commandLine: Self.asTyped(metadata.commandLine), host: host,
            warnings: metadata.warnings + metadata.notes.map { "note: \($0)" } + metadata.skipped.map { "skipped: \($0)" },
            summaries: summaries, claimCSV: optionalText("claim.csv"), compareCSV: optionalText("compare.csv"), check: check
        )
        // reproduce's answer, as REPORT.md states it on its first bold line.
        report.verdict = optionalText(ReportDocument.fileName)?.split(separator: "\n").first { $0.hasPrefix("**Verdict") }
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "*")) }
        var warnings: [String] = []
        if !summaries.isEmpty {
            let plot = try PlotScripts.plot(runDirectory: run.path, outputDirectory: "\(run.path)/\(figuresDirectory)", render: render)
            warnings = plot.warnings
            if plot.rendered {
                report.figures = plot.figures.map { figure in
                    let svgPath = figure.images.first { $0.hasSuffix(".svg") }
                    return Figure(name: figure.name, title: figure.title, svg: svgPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) })
                }
            } else {
                report.figuresNote = noGnuplot
            }
        }
        return (report, warnings)
    }

    /// Writes `directory/report.html` (atomically).
    public static func write(runDirectory directory: String, check: CheckReport? = nil) throws(ReportError) -> HTMLReportResult {
        let (report, warnings) = try forRun(directory, check: check)
        let path = URL(fileURLWithPath: directory).standardizedFileURL.path + "/" + fileName
        try FileOutput.writeAtomically(report.html(), to: path)
        return HTMLReportResult(path: path, figures: report.figures.filter { $0.svg != nil }.count, warnings: warnings, figuresNote: report.figuresNote)
    }
}

extension HTMLReport {
    /// The command as the user typed it: the program by its name, not by the build folder's path.
    static func asTyped(_ words: [String]) -> String {
        guard let program = words.first else { return "" }
        return ([(program as NSString).lastPathComponent] + words.dropFirst()).joined(separator: " ")
    }
}

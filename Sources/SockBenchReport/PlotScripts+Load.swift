import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// The figures of a load run, drawn from `knee.csv` (one row per measured rate and sweep) and the
/// one-way .hgrm files: the objective's percentile of the transport and of the machine's floor
/// against offered rate per transport, achieved against offered rate, and both histograms (intended
/// vs actual send time) of one cell.
public enum LoadFigures {
    public static let stepColumns = [
        "transport", "sweep", "rate_offered", "achieved_per_s", "p50_us", "p99_us", "p999_us", "objective_us", "floor_us",
        "beyond_floor_us", "backlog_growth_us", "keeps_up", "latency_within", "window_objective_us",
    ]

    /// knee.csv: the steps of every sweep, sorted by transport, rate and sweep. `objective_us` is the
    /// objective's percentile over the whole step; `window_objective_us` and `floor_us` are those of
    /// a typical window, which the latency knee is judged on (`beyond_floor_us` is their difference).
    public static func stepsCSV(_ sweeps: [KneeSweep]) -> String {
        var text = CSV.line(stepColumns)
        let rows = sweeps.flatMap { sweep in sweep.steps.map { (sweep, $0) } }
            .sorted { ($0.0.cell.transport.rawValue, $0.1.rate, $0.0.repetition) < ($1.0.cell.transport.rawValue, $1.1.rate, $1.0.repetition) }
        for (sweep, step) in rows {
            let s = sweep.cell.pattern == .rr ? step.measurement.roundTrip : step.measurement.oneWay
            let values: [Double?] = [step.achieved, s?.p50, s?.p99, s?.p999, step.latency, step.floorLatency, step.beyondFloor, step.backlogGrowth]
            text += CSV.line(
                [sweep.cell.transport.rawValue, String(sweep.repetition), String(step.rate)] + values.map { NumberFormat.fixed($0, 3) }
                    + [step.keepsUp ? "1" : "0", step.latencyVerdict == .within ? "1" : "0", NumberFormat.fixed(step.windowLatency, 3)]
            )
        }
        return text
    }

    /// The cell whose two histograms are drawn: the first transport's first rate above its
    /// saturation knee that it did not keep up with (where the backlog shows), else the knee.
    public static func histogramCell(_ sweeps: [KneeSweep]) -> Cell? {
        guard let sweep = sweeps.first(where: { $0.cell.pattern == .stream }) else { return nil }
        let knee = sweep.saturationKnee?.rate ?? 0
        let step = sweep.steps.filter { !$0.keepsUp && $0.rate > knee && $0.measurement.status == .ok }.min { $0.rate < $1.rate } ?? sweep.saturationKnee
        return step.map { $0.measurement.cell }
    }

    /// One gnuplot script per figure, written into `directory` next to knee.csv; returns their paths.
    public static func write(_ sweeps: [KneeSweep], bound: LatencyBound, run: String, into output: String) throws(ReportError) -> [String] {
        // Paths relative to the script (gnuplot's ARG0), so a script renders from any directory and
        // from any clone; the machine's own paths never go into it.
        let directory = URL(fileURLWithPath: output).standardizedFileURL.path
        let run = URL(fileURLWithPath: run).standardizedFileURL.path
        try FileOutput.makeDirectory(directory)
        try FileOutput.writeAtomically(stepsCSV(sweeps), to: "\(directory)/knee.csv")
        let data = "data"
        var transports: [String] = []
        for sweep in sweeps where !transports.contains(sweep.cell.transport.rawValue) { transports.append(sweep.cell.transport.rawValue) }
        let what = sweeps.first?.cell.pattern == .rr ? "round trip" : "one-way latency"
        var scripts: [(String, String)] = []

        let p = bound.percentile.rawValue
        var latency = header("load-latency", title: "\(what) (from intended send time) and the pacing floor vs offered rate") + [
            "set logscale xy", "set xlabel 'offered msg/s per pair'", "set ylabel '\(what), µs'",
            "set key top left", "set arrow from graph 0, first \(bound.microseconds) to graph 1, first \(bound.microseconds) nohead dt 2",
        ]
        var plots: [String] = []
        for (index, t) in transports.enumerated() {
            for (column, label, point) in [(5, "p50", 6), (8, "\(p) whole step", 7), (14, "\(p) typical window", 5), (9, "floor \(p)", 1)] {
                plots.append("\(data) using (strcol(1) eq '\(t)' ? $3 : NaN):(strcol(1) eq '\(t)' ? $\(column) : NaN) with points lc \(index + 1) pt \(point) title '\(t) \(label)'")
            }
        }
        latency.append("plot " + plots.joined(separator: ", \\\n     "))
        scripts.append(("load-latency", latency.joined(separator: "\n") + "\n"))

        var achieved = header("load-achieved", title: "achieved vs offered rate") + [
            "set logscale xy", "set xlabel 'offered msg/s per pair'", "set ylabel 'achieved msg/s'", "set key top left",
        ]
        let lines = transports.enumerated().map { index, t in
            "\(data) using (strcol(1) eq '\(t)' ? $3 : NaN):(strcol(1) eq '\(t)' ? $4 : NaN) with points lc \(index + 1) pt 7 title '\(t)'"
        }
        achieved.append("plot x with lines dt 2 lc rgb 'gray' title 'offered', " + lines.joined(separator: ", "))
        scripts.append(("load-achieved", achieved.joined(separator: "\n") + "\n"))

        if let cell = histogramCell(sweeps) {
            let base = "\(GnuplotText.relativePath(from: directory, to: run))/histograms/\(RunDirectory.fileName(cell))"
            var histogram = header("load-histograms", title: "\(cell.transport.rawValue) \(cell.ratePerSecond ?? 0) msg/s: intended vs actual send time") + [
                "set logscale xy", "set xlabel 'percentile (1/(1-p))'", "set ylabel 'one-way latency, µs'", "set key top left",
                "plot here.'/\(base)\(RunDirectory.oneWaySuffix)' using 4:1 with lines lw 2 title 'from intended send time', \\",
                "     here.'/\(base)\(RunDirectory.oneWayActualSuffix)' using 4:1 with lines lw 2 title 'from actual send time'",
            ]
            histogram.insert("set datafile separator whitespace", at: histogram.firstIndex(of: "set logscale xy")!)
            scripts.append(("load-histograms", histogram.joined(separator: "\n") + "\n"))
        }
        var paths: [String] = []
        for (name, text) in scripts {
            let path = "\(directory)/\(name).gp"
            try FileOutput.writeAtomically(text, to: path)
            paths.append(path)
        }
        return paths
    }

    private static func header(_ name: String, title: String) -> [String] {
        [
            "# sockbench load figure; render from any directory with: gnuplot PATH/TO/\(name).gp",
            "here = (strlen(ARG0) > 0) ? system(\"dirname '\".ARG0.\"'\") : '.'",
            "data = here.'/knee.csv'",
            "set terminal pngcairo size 900,600 noenhanced",
            "set output here.'/\(name).png'",
            "set datafile separator ','",
            "set title '\(title)'",
            "set grid",
        ]
    }
}

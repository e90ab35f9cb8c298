import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// (9) The figures of claim.csv, written only when the run has one: the document's claimed msg/s
/// next to the measured AF_UNIX and TCP msg/s per condition, and the measured AF_UNIX/TCP ratio
/// against the claimed ratio.
extension PlotScripts {
    static func claimFigures(_ run: PlotRun) -> [FigureScript] {
        guard let claim = run.claim, !claim.rows.isEmpty else { return [] }
        // claim.csv's short_label ("PP 64B Nagle") keeps 14 conditions readable side by side.
        let labelColumn: ClaimColumn = claim.has(.shortLabel) ? .shortLabel : .condition
        let longestLabel = claim.rows.map { ($0[labelColumn] ?? "").split(separator: " ").count }.max() ?? 1
        let common = [
            "", "claim = run.'/claim.csv'",
            "claimed_unix = \(Int(ClaimPlan.claimedUnix))  # msg/s, the document's figure for AF_UNIX",
            "claimed_tcp = \(Int(ClaimPlan.claimedTCP))  # msg/s, and for TCP",
            "# A condition label with one word per line, so long labels fit under their bars.",
            "stack(s) = strstrt(s, \" \") > 0 ? s[1:strstrt(s, \" \") - 1] . \"\\n\" . stack(s[strstrt(s, \" \") + 1:]) : s",
        ] + GnuplotText.readCSV + [
            "set xrange [-0.6:\(claim.rows.count) - 0.4]",
            "set xtics scale 0",
            // gnuplot does not make room for tic labels of several lines by itself.
            "set bmargin \(longestLabel + 2)",
            "set style fill solid 0.85 border -1",
        ]
        let labels = "claim using 0:(NaN):xtic(stack(strcol(\(GnuplotText.quoted(labelColumn.column))))) notitle"
        var parts = ["run \(run.name)", "rates: median and 95% CI over slots; ratio: trimmed geometric mean of per-slot ratios"]
        if labelColumn == .shortLabel { parts.append(ClaimLabels.legend) }
        let subtitle = GnuplotText.subtitle(parts)
        return [rateClaim(claim, common: common, labels: labels, subtitle: subtitle),
                ratioClaim(claim, common: common, labels: labels, subtitle: subtitle)]
    }

    /// Four bars per condition: claimed and measured AF_UNIX, claimed and measured TCP.
    private static func rateClaim(_ claim: CSVTable<ClaimColumn>, common: [String], labels: String, subtitle: String) -> FigureScript {
        let values = [ClaimColumn.unixRate, .unixLow, .unixHigh, .tcpRate, .tcpLow, .tcpHigh].flatMap(claim.numbers)
            + [ClaimPlan.claimedUnix, ClaimPlan.claimedTCP]
        func columns(_ names: ClaimColumn...) -> String { names.map { GnuplotText.quoted($0.column) }.joined(separator: ":") }
        let unix = style(transport: "unix"), tcp = style(transport: "tcp")
        let body = common + ["set ylabel \(GnuplotText.quoted(messageRateLabel))"] + GnuplotText.yAxis(values, engineering: true)
        let elements = [
            "claim using ($0 - 0.3):(claimed_unix):(0.19) with boxes ls \(unix) fs transparent solid 0.3 title sprintf(\"claimed AF_UNIX (%g)\", claimed_unix)",
            "claim using ($0 - 0.1):\(columns(.unixRate, .unixLow, .unixHigh)):(0.19) with boxerrorbars ls \(unix) title \"measured AF_UNIX\"",
            "claim using ($0 + 0.1):(claimed_tcp):(0.19) with boxes ls \(tcp) fs transparent solid 0.3 title sprintf(\"claimed TCP (%g)\", claimed_tcp)",
            "claim using ($0 + 0.3):\(columns(.tcpRate, .tcpLow, .tcpHigh)):(0.19) with boxerrorbars ls \(tcp) title \"measured TCP\"",
            labels,
        ]
        return FigureScript(name: "claim-msg-rate", title: "Claimed vs measured messages per second, per condition",
                            subtitle: subtitle, body: body, elements: elements)
    }

    /// The measured AF_UNIX/TCP ratio per condition with its CI and verdict, against the claimed ratio and 1.
    private static func ratioClaim(_ claim: CSVTable<ClaimColumn>, common: [String], labels: String, subtitle: String) -> FigureScript {
        // A ratio is best read on a log axis: 0.5 and 2 are the same distance from parity.
        // The interval the verdict reads (widened by the spread between runs); claim.csv files
        // written before that column have only the run's own.
        let (low, high): (ClaimColumn, ClaimColumn) = claim.has(.verdictLow) ? (.verdictLow, .verdictHigh) : (.ratioLow, .ratioHigh)
        let ratios = [.ratio, low, high].flatMap(claim.numbers).filter { $0 > 0 }
        let bottom = min(0.5, (ratios.min() ?? 1) / 1.2), top = max(4, (ratios.max() ?? 1) * 1.2)
        // Round tics, and the claimed ratio (ClaimPlan) as one of its own.
        let tics = Set([0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 16, 32]).union([ClaimPlan.claimedRatio]).sorted()
        let body = common + [
            "claimed_ratio = claimed_unix / (claimed_tcp * 1.0)",
            "set ylabel \"AF_UNIX msg/s ÷ TCP msg/s (log scale)\"",
            "set logscale y",
            "set yrange [\(String(format: "%.3g", bottom)):\(String(format: "%.3g", top))]",
            "set ytics (\(tics.map { "\"\(String(format: "%g", $0))\" \(String(format: "%g", $0))" }.joined(separator: ", ")))",
        ]
        let elements = [
            "claim using 0:\([ClaimColumn.ratio, low, high].map { GnuplotText.quoted($0.column) }.joined(separator: ":")) with yerrorbars ls 3 pt 7 ps 1.5 lw 2 title \"measured ratio (95% CI)\"",
            "claimed_ratio with lines ls 2 dt 2 title sprintf(\"claimed ratio %g\", claimed_ratio)",
            "1 with lines ls 7 dt 3 title \"equal rates (1)\"",
            // The verdict regions: a verdict is stated only when the whole interval lies in one.
            "for [b in \"\(ClaimVerdict.regions.boundaries.map { NumberFormat.compact($0) }.joined(separator: " "))\"] b+0 with lines lc rgb \"#bbbbbb\" dt 4 notitle",
            labels,
        ]
        return FigureScript(name: "claim-ratio", title: "AF_UNIX / TCP message rate ratio per condition",
                            subtitle: subtitle, body: body, elements: elements)
    }
}

/// The short condition labels of claim.csv and what their words mean.
enum ClaimLabels {
    static let legend = "PP ping-pong, ST stream, Nagle: TCP_NODELAY off, 1core: one core, 1MiB: buffers"
}

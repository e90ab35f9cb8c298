import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// Writes what `reproduce` found: claim.csv (for the plots) and REPORT.md (for people).
public enum ClaimReport {
    /// claim.csv's header (`ClaimColumn`).
    public static var csvColumns: [String] { ClaimColumn.header }

    /// claim-pairs.csv: every slot's AF_UNIX and TCP msg/s and their ratio, per condition, so the
    /// intervals in claim.csv can be recomputed (`PairedRatio.method` over `ratio`).
    public static var pairColumns: [String] { ClaimPairColumn.header }

    public static func pairsCSV(_ analysis: ClaimAnalysis) -> String {
        var text = CSV.line(pairColumns)
        for row in analysis.rows {
            for slot in row.pairs?.slots ?? [] {
                text += CSV.line([
                    row.condition.label, String(slot.slot), NumberFormat.fixed(slot.numerator, 1),
                    NumberFormat.fixed(slot.denominator, 1), NumberFormat.fixed(slot.ratio, 5), NumberFormat.fixed(slot.seconds, 3),
                    row.condition.shortLabel,
                ])
            }
        }
        return text
    }

    public static func csv(_ analysis: ClaimAnalysis) -> String {
        var text = CSV.line(csvColumns)
        for row in analysis.rows {
            let c = row.condition
            func f(_ value: Double?, _ decimals: Int = 1) -> String { NumberFormat.fixed(value, decimals) }
            var fields = [c.label, c.pattern.rawValue, String(c.sizeBytes), c.noDelay ? "on" : "off", c.largeBuffers ? "1MiB" : "default", c.cpu.description]
            fields += [f(row.unix?.median), f(row.unix?.confidenceLow), f(row.unix?.confidenceHigh)]
            fields += [f(row.tcp?.median), f(row.tcp?.confidenceLow), f(row.tcp?.confidenceHigh)]
            fields += [f(row.ratio, 3), f(row.ratioLow, 3), f(row.ratioHigh, 3), f(ClaimPlan.claimedRatio, 2), row.verdictText]
            fields += [f(row.unixDatagram), f(row.udp), c.shortLabel]
            fields += [String(row.pairs?.slots.count ?? 0), f(row.pairs.map(\.relativeHalfWidth), 4), row.candidates.map(\.text).joined(separator: "|")]
            fields += [c.idle?.rawValue ?? "", f(row.pairs?.relativeDrift, 4)]
            fields += [row.pairs == nil ? "" : String(row.betweenRuns?.runs ?? 1), f(row.betweenRuns?.spread, 4), f(row.verdictLow, 3), f(row.verdictHigh, 3)]
            fields.append(row.pairs?.modes.map { modesField($0) } ?? "")
            fields += [f(row.pipe), f(row.shm)]
            text += CSV.line(fields)
        }
        return text
    }

    /// "Why the ratio moves", written from what this run measured: one bullet per kind of change
    /// that the run has a pair of conditions for, with the measured ratios, the mechanism usually
    /// given for it and, where that mechanism predicts a direction, whether this run's intervals show
    /// it, show the opposite or cannot tell.
    static func whyParagraphs(_ analysis: ClaimAnalysis) -> String {
        let effects = analysis.factorEffects
        guard !effects.isEmpty else { return "" }
        var kinds: [ClaimAnalysis.Change] = []
        for effect in effects where !kinds.contains(where: { same($0, effect.change) }) { kinds.append(effect.change) }
        var md = "\n## Why the ratio moves\n\nOne line per change this run measured; a mechanism's predicted direction is checked against the intervals above.\n\n"
        for kind in kinds {
            let pairs = effects.filter { same($0.change, kind) }
            let figures = pairs.prefix(3).map { String(format: "%@ %.2f → %.2f", $0.from.condition.shortLabel, $0.from.ratio!, $0.to.ratio!) }
            let (title, mechanism) = explanation(kind)
            let readings = pairs.compactMap { prediction(kind, $0.from)?.reading(from: $0.from, to: $0.to) }
            let verdict: String
            if readings.isEmpty { verdict = "" }
            else if readings.allSatisfy({ $0 == .shown }) { verdict = " This run shows it." }
            else if readings.contains(.opposite) { verdict = " **This run shows the opposite in \(readings.filter { $0 == .opposite }.count) of \(readings.count) pairs**, so the usual explanation does not hold here." }
            else { verdict = " This run shows it in \(readings.filter { $0 == .shown }.count) of \(readings.count) pairs; the others cannot tell (their intervals overlap)." }
            md += "- **\(title)** (\(kind.label): \(figures.joined(separator: "; "))). \(mechanism)\(verdict)\n"
        }
        return md + "\n"
    }

    private static func same(_ a: ClaimAnalysis.Change, _ b: ClaimAnalysis.Change) -> Bool {
        switch (a, b) {
        case (.size, .size): true
        default: a == b
        }
    }

    private static func explanation(_ change: ClaimAnalysis.Change) -> (String, String) {
        switch change {
        case .nagle:
            ("Nagle and write coalescing", "With TCP_NODELAY off, TCP merges small writes into one segment while an acknowledgement is outstanding, so a one-way stream of small messages moves many per packet and TCP catches up with AF_UNIX; a ping-pong with one write per message gives Nagle nothing to hold back.")
        case .sameCore:
            ("Where the two workers run", "Between cores every message wakes the other worker on another CPU (an inter-processor interrupt and a scheduler pass); on one core the workers take turns through a context switch, and the cost the transports add weighs differently.")
        case .idleOS:
            ("Idle policy", "When idle CPUs halt, waking a worker on another core takes longer than when they poll; the transport that wakes its peer more often pays more of it.")
        case .largeBuffers:
            ("Buffer limits", "A sender blocks when the receiver's buffer is full; larger buffers let more messages queue before a wake-up is needed. The kernel caps requests at net.core.wmem_max/rmem_max (run.json), so \"1 MiB\" may be granted as less.")
        case .size:
            ("Per-packet TCP/IP work", "Every TCP segment goes through the IP stack, the loopback device and ACK processing, while AF_UNIX queues the buffer on the peer's socket; that fixed cost dominates small messages and fades as copying the bytes becomes most of the work, pulling the ratio towards 1.")
        }
    }

    private enum Prediction {
        case lower, towardsOne
        enum Reading { case shown, opposite, unclear }

        func reading(from: ClaimRow, to: ClaimRow) -> Reading {
            guard let fl = from.verdictLow, let fh = from.verdictHigh, let tl = to.verdictLow, let th = to.verdictHigh else { return .unclear }
            switch self {
            case .lower:
                return th < fl ? .shown : tl > fh ? .opposite : .unclear
            case .towardsOne:
                // Distances from 1 on the log scale: the nearest and farthest each interval reaches.
                func distance(_ low: Double, _ high: Double) -> (near: Double, far: Double) {
                    let a = abs(Foundation.log(low)), b = abs(Foundation.log(high))
                    return (low <= 1 && high >= 1 ? 0 : min(a, b), max(a, b))
                }
                let f = distance(fl, fh), t = distance(tl, th)
                return t.far < f.near ? .shown : t.near > f.far ? .opposite : .unclear
            }
        }
    }

    private static func prediction(_ change: ClaimAnalysis.Change, _ from: ClaimRow) -> Prediction? {
        switch change {
        case .nagle: from.condition.pattern == .stream ? .lower : nil
        case .size: .towardsOne
        default: nil
        }
    }

    /// claim.csv's `ratio_modes`: "upper@share|lower@share", e.g. "3.620@0.78|0.450@0.22".
    static func modesField(_ modes: TwoModes) -> String {
        "\(NumberFormat.fixed(modes.upper, 3))@\(NumberFormat.fixed(modes.upperShare, 2))|\(NumberFormat.fixed(modes.lower, 3))@\(NumberFormat.fixed(modes.lowerShare, 2))"
    }

    /// Why a condition's slots fall into two modes, in words: the two ratios and their shares, and
    /// which transport's msg/s switched (or both together: the machine changed state).
    public static func modesText(_ pairs: PairedRatio) -> String? {
        guard let modes = pairs.modes else { return nil }
        let ratio = modes.text { String(format: "%.2f", $0) }
        let sides = [("AF_UNIX", pairs.numeratorModes), ("TCP", pairs.denominatorModes)].compactMap { name, modes in
            modes.map { "\(name) at \(NumberFormat.grouped($0.upper)) or \(NumberFormat.grouped($0.lower)) msg/s" }
        }
        let which = sides.isEmpty ? "neither transport alone switched" : sides.joined(separator: ", ")
        return "the slots fall into two modes, ratio \(ratio) (\(which)): the interval covers their mixture, and a rerun can mix them differently"
    }

    /// Which transport's msg/s disagreed most between slots, when one did by more than 2× from its
    /// 10th to its 90th percentile slot: "TCP's msg/s ranged 170 000–1 500 000 between slots".
    public static func spreadText(_ pairs: PairedRatio) -> String? {
        func range(_ values: [Double]) -> (Double, Double)? {
            guard let (low, high) = tenthToNinetieth(values) else { return nil }
            return low > 0 && high / low > 2 ? (low, high) : nil
        }
        let sides = [("AF_UNIX", range(pairs.slots.map(\.numerator))), ("TCP", range(pairs.slots.map(\.denominator)))]
        let wide = sides.compactMap { name, range in range.map { "\(name)'s msg/s ranged \(NumberFormat.grouped($0.0))–\(NumberFormat.grouped($0.1))" } }
        guard !wide.isEmpty else { return nil }
        let both = wide.count == 2 ? ": both transports changed speed, which points at the machine (see the steal and load warnings) rather than at either transport" : ""
        return wide.joined(separator: " and ") + " between slots (10th to 90th percentile)" + both
    }

    /// Conditions whose ratio interval is wider than the target or crosses a region boundary. A
    /// warning always says why the interval is as wide as it is, from the run's own figures: two
    /// modes, the spread between runs, the drift within the run, slots that disagree, or too few slots.
    public static func precisionWarnings(_ analysis: ClaimAnalysis) -> [String] {
        analysis.measured.compactMap { row in
            let width = row.verdictHalfWidth!
            if let modes = row.pairs.flatMap(modesText), row.verdict == .undecided || width > ClaimPlan.targetHalfWidth {
                return String(format: "%@: ratio %.2f (%.2f–%.2f), %@; %@", row.condition.label, row.ratio!, row.verdictLow!, row.verdictHigh!, row.verdictText, modes)
            }
            let wide = width > ClaimPlan.targetHalfWidth
                ? String(format: "ratio interval ±%.1f%% is wider than ±%.0f%% because %@", width * 100, ClaimPlan.targetHalfWidth * 100, widthReason(row))
                : nil
            if row.verdict == .undecided {
                let across = row.betweenRuns.flatMap { $0.spread > 0 ? String(format: " (widened by the ±%.1f%% spread between %d runs)", $0.spread * 100, $0.runs) : nil } ?? ""
                return String(format: "%@: ratio %.2f (%.2f–%.2f)%@ crosses a region boundary after %d slots: %@%@",
                              row.condition.label, row.ratio!, row.verdictLow!, row.verdictHigh!, across, row.pairs!.slots.count, row.verdictText,
                              wide.map { "; the " + $0 } ?? "")
            }
            guard let wide else { return nil }
            return "\(row.condition.label): \(wide)\(wide.contains("rerun") ? "" : "; a rerun can land anywhere in it")"
        }
    }

    /// Why a condition's ratio interval is wide, from the largest measured contributor: the spread
    /// between runs, the drift between time blocks of this run, slots that disagree, or too few slots.
    static func widthReason(_ row: ClaimRow) -> String {
        let pairs = row.pairs!
        let between = row.betweenRuns.map { ($0.spread, $0.runs) } ?? (0, 0)
        let drift = pairs.relativeDrift ?? 0
        if between.0 > 0, between.0 >= drift {
            return String(format: "the ratio moved ±%.1f%% between %d runs on this machine; a rerun can land anywhere in it", between.0 * 100, between.1)
        }
        if drift > 0 {
            return String(format: "the ratio itself wandered ±%.1f%% between time blocks of this run; a rerun can land anywhere in it", drift * 100)
        }
        if let spread = spreadText(pairs) { return "the slots disagree: " + spread }
        let ratios = pairs.slots.map(\.ratio).filter { $0 > 0 && $0.isFinite }
        if let (low, high) = tenthToNinetieth(ratios) {
            return String(format: "the per-slot ratio ranged %.2f–%.2f between slots (10th to 90th percentile) after %d slots", low, high, ratios.count)
        }
        return "only \(pairs.slots.count) slots were measured (raise --budget)"
    }

    /// The 10th and 90th percentile values (nearest rank) of at least 10 values; nil with fewer.
    static func tenthToNinetieth(_ values: [Double]) -> (Double, Double)? {
        let sorted = values.sorted()
        guard sorted.count >= 10 else { return nil }
        return (sorted[sorted.count / 10], sorted[sorted.count - 1 - sorted.count / 10])
    }

    /// Conditions where an earlier run on this machine stated an interval that misses this run's
    /// own: two runs of the same command contradicted each other, and this run says so.
    public static func contradictionWarnings(_ analysis: ClaimAnalysis) -> [String] {
        analysis.contradictions.map { row in
            let between = row.betweenRuns!
            let others = between.disagreeing.prefix(3).map { String(format: "%.2f (%.2f–%.2f) in %@", $0.ratio, $0.low, $0.high, $0.run) }
            return String(format: "%@: this run's ratio %.2f (%.2f–%.2f) misses %d of %d earlier runs on this machine (%@): the ratio moved between runs by ±%.1f%%, and the verdict reads the interval widened by it, %.2f–%.2f",
                          row.condition.label, row.ratio!, row.ratioLow!, row.ratioHigh!, between.disagreeing.count, between.earlier.count,
                          others.joined(separator: "; "), between.spread * 100, between.low, between.high)
        }
    }

    /// The REPORT.md paragraph on earlier runs: which were used, or that none were.
    static func historyParagraph(_ analysis: ClaimAnalysis) -> String {
        let weighed = analysis.measured.compactMap(\.betweenRuns)
        guard let most = weighed.map(\.runs).max() else {
            return "**Between runs.** No earlier `reproduce` run of this machine (same kernel, CPU and cores) was found beside this one, so the intervals cover this run's slots and its drift only; the ratio can also move between runs, minutes apart, and a rerun into the same parent directory will measure that and widen the intervals by it.\n\n"
        }
        let moved = weighed.filter { $0.spread > 0 }.count
        return "**Between runs.** \(most - 1) earlier `reproduce` run\(most == 2 ? "" : "s") of this machine (same kernel, CPU and cores, found beside this run, the newest \(ClaimHistory.maximumRuns) at most) were weighed in: the between column is how far each condition's ratio moved between runs beyond what the runs' own intervals allow (\(BetweenRuns.method)). It is above zero for \(moved) of \(weighed.count) conditions, and the verdict reads this run's interval widened by it (the 95% CI column); claim.csv keeps this run's own interval as ratio_low/ratio_high and the widened one as verdict_low/verdict_high.\n\n"
    }

    /// The claim's sections of REPORT.md, in reading order; `reproduce` appends its appendices and
    /// writes the document once.
    public static func sections(_ analysis: ClaimAnalysis, run: ReportRunHeader) -> [ReportSection] {
        [.claim(analysis, run), .conditions(analysis), .claimedFigures(analysis), .ratioChanges(analysis),
         .precision(analysis, runWarnings: run.warnings), .files]
    }

    /// The claim, the verdict, how the run measured and counted, and the earlier runs weighed in.
    static func claimMarkdown(_ analysis: ClaimAnalysis, run: ReportRunHeader) -> String {
        var md = "# Reproducing \"\(ClaimPlan.claimText())\"\n\n"
        md += "**\(analysis.verdictLine)**\n\n"
        let host = run.host
        md += "Measured by `\(run.command)` on \(host.hostname): \(host.cpuModel), \(host.cores) cores, \(host.kernel), "
        md += "\(host.virtualMachine ? "virtual machine, " : "")started \(run.startTime), wall time \(String(format: "%.0f", run.wallSeconds)) s. "
        md += "Each condition's AF_UNIX and TCP cells were measured back to back in slots, in a random order within each slot "
        md += "(seed \(run.seed)); every measurement had its own \(milliseconds(run.settings.warmupNanoseconds)) ms warmup and measured \(extentText(run.settings.extent)). "
        md += "After \(ClaimPlan.initialSlots) slots each, every condition got one more slot per round, in a new random order, until the \(Int(run.budgetSeconds ?? 0)) s budget was spent: "
        md += "the number of slots depends on the time alone, never on an interval, so looking at the results cannot bend the stated 95%.\n\n"
        md += "**Counting rule.** msg/s counts every message that crosses the socket. A ping-pong round trip is 2 messages "
        md += "(the request and its echo), so ping-pong msg/s = 2 × round trips/s. A stream counts the messages the receiver got. "
        md += "The claim gives neither size nor pattern, so every condition below is one reading of it. "
        md += "The AF_UNIX/TCP ratio is the \(PairedRatio.method), so whatever slows both transports alike cancels (every slot is in claim-pairs.csv). "
        md += "Its interval also covers the ratio's own drift: the slots are cut into time blocks, and how far the blocks disagree beyond the slots' scatter "
        md += "(the drift column) is added whole, because a rerun sees another stretch of the machine's time. A wander slower than the run itself cannot be seen from inside one run. "
        md += "A verdict is stated only when the whole interval lies in one region (\(ClaimVerdict.regions.regions.compactMap(\.range).joined(separator: ", "))); otherwise the condition is undecided between the regions it touches.\n\n"

        md += historyParagraph(analysis)
        return md
    }

    /// "AF_UNIX is N× the shared-memory floor here": how far the headline ping-pong is from a ring
    /// between the same two cores, from the context cells (first slots only, so a rough figure).
    static func floorSentence(_ analysis: ClaimAnalysis) -> String {
        guard let row = analysis.rows.first(where: { $0.shm != nil && $0.unix != nil && $0.condition.pattern == .pingpong }),
              let shm = row.shm, let unix = row.unix?.median, unix > 0 else { return "" }
        var text = "\nThe floor: in \(row.condition.label), a shared-memory ring with both sides spinning carried \(count(shm)) msg/s, "
        text += String(format: "%.1f", shm / unix) + "× AF_UNIX's \(count(unix))"
        if let pipe = row.pipe { text += ", a blocking pipe pair \(count(pipe))" }
        text += ": AF_UNIX is \(String(format: "%.1f", shm / unix))× the shared-memory floor here, and the rest of each round trip is the kernel's. "
        text += "The pipe and shm columns are context, measured in the first \(ClaimPlan.initialSlots) slots only (`sockbench run --transport shm,pipe,unix,tcp` measures them in full).\n"
        return text
    }

    /// The table of conditions: both rates, the ratio with its interval, drift, spread between runs, verdict.
    static func conditionsMarkdown(_ analysis: ClaimAnalysis) -> String {
        var md = "## AF_UNIX vs TCP per condition\n\n"
        md += "| condition | AF_UNIX msg/s (95% CI) | TCP msg/s (95% CI) | slots | AF_UNIX/TCP (95% CI) | drift | between runs | verdict | unix-dgram | UDP | pipe | shm |\n"
        md += "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n"
        for row in analysis.rows {
            let unix = row.unix.map { rate($0) + (row.unixNearClaim ? " " + nearMark(ClaimPlan.claimedUnix) : "") } ?? "–"
            let tcp = row.tcp.map { rate($0) + (row.tcpNearClaim ? " " + nearMark(ClaimPlan.claimedTCP) : "") } ?? "–"
            let ratio = row.ratio.map { String(format: "%.2f (%.2f–%.2f)", $0, row.verdictLow!, row.verdictHigh!) } ?? "–"
            let drift = row.pairs?.relativeDrift.map { String(format: "±%.1f%%", $0 * 100) } ?? "–"
            md += "| \(row.condition.label) | \(unix) | \(tcp) | \(row.pairs?.slots.count ?? 0) | \(ratio) | \(drift) | \(betweenText(row)) | \(row.verdictText) | \(row.unixDatagram.map(count) ?? "") | \(row.udp.map(count) ?? "") | \(row.pipe.map(count) ?? "") | \(row.shm.map(count) ?? "") |\n"
        }
        md += floorSentence(analysis)
        md += "\nThe claim's ratio is \(count(ClaimPlan.claimedUnix)) / \(count(ClaimPlan.claimedTCP)) = \(ClaimPlan.claimedRatioText); \"near\" means \(ClaimVerdict.holds.range!). \(nearMark(ClaimPlan.claimedUnix)) / \(nearMark(ClaimPlan.claimedTCP)) mark figures within ±25% of the claimed absolute numbers.\n\n"
        return md
    }

    /// Which conditions come near the claim's absolute figures.
    static func claimedFiguresMarkdown(_ analysis: ClaimAnalysis) -> String {
        var md = "## Where the claimed figures appear\n\n"
        let nearUnix = analysis.measured.filter(\.unixNearClaim).map(\.condition.label)
        let nearTCP = analysis.measured.filter(\.tcpNearClaim).map(\.condition.label)
        md += "- AF_UNIX near \(count(ClaimPlan.claimedUnix)) msg/s: \(nearUnix.isEmpty ? "no condition" : nearUnix.joined(separator: "; "))\n"
        md += "- TCP near \(count(ClaimPlan.claimedTCP)) msg/s: \(nearTCP.isEmpty ? "no condition" : nearTCP.joined(separator: "; "))\n"
        if let closest = analysis.closestToClaimedFigures {
            md += "- Closest to both figures: \(closest.condition.label) (AF_UNIX \(count(closest.unix!.median)), TCP \(count(closest.tcp!.median)) msg/s, ratio \(String(format: "%.2f", closest.ratio!)))\n"
        }
        return md
    }

    /// The pairs of conditions that differ in one change, and why each change moves the ratio.
    static func ratioChangesMarkdown(_ analysis: ClaimAnalysis) -> String {
        var md = "\n## What moves the ratio (measured in this run)\n\n| change | in condition | AF_UNIX/TCP before → after |\n|---|---|---:|\n"
        for effect in analysis.factorEffects {
            md += "| \(effect.change.label) | \(effect.from.condition.label) | \(String(format: "%.2f → %.2f", effect.from.ratio!, effect.to.ratio!)) |\n"
        }
        md += whyParagraphs(analysis)
        return md
    }

    /// How wide the intervals are, which conditions are undecided and why, and the run's own warnings.
    static func precisionMarkdown(_ analysis: ClaimAnalysis, runWarnings: [String]) -> String {
        var md = "\n## Precision\n\n"
        let warnings = precisionWarnings(analysis)
        let widths = analysis.measured.map { $0.verdictHalfWidth! }.sorted()
        if let worst = widths.last {
            md += String(format: "Ratio interval half-widths: median ±%.1f%%, worst ±%.1f%% (target ±%.0f%%); %d of %d conditions undecided.\n",
                         SampleStatistics.median(sorted: widths) * 100, worst * 100, ClaimPlan.targetHalfWidth * 100,
                         analysis.undecided.count, analysis.rows.count)
        }
        for warning in warnings + contradictionWarnings(analysis) { md += "- \(warning)\n" }
        let other = runWarnings.filter { !$0.contains("msg/s varies") }
        if !other.isEmpty {
            md += "\nRun warnings:\n"
            for warning in other { md += "- \(warning)\n" }
        }
        return md
    }

    static let filesMarkdown = "\nFiles: `measurements.csv` (every repetition), `summary.csv` (per cell), `claim.csv` (this table), `claim-pairs.csv` (every slot's ratio), `run.json` (host, sysctls, seed), `histograms/`.\n"

    /// "±4.1% (5 runs)", or "–" when no earlier run was weighed in.
    public static func betweenText(_ row: ClaimRow) -> String {
        row.betweenRuns.map { String(format: "±%.1f%% (%d runs)", $0.spread * 100, $0.runs) } ?? "–"
    }

    static func rate(_ s: SampleStatistics) -> String { "\(count(s.median)) (\(count(s.confidenceLow))–\(count(s.confidenceHigh)))" }
    static func count(_ value: Double) -> String { NumberFormat.grouped(value) }
    /// "≈100k": marks a figure within ±25% of a claimed one.
    static func nearMark(_ claimed: Double) -> String { "≈\(String(format: "%g", claimed / 1000))k" }
    static func milliseconds(_ ns: UInt64) -> String { String(format: "%.0f", Double(ns) / 1e6) }
    static func extentText(_ extent: Extent) -> String {
        switch extent {
        case .duration(let ns): "\(milliseconds(ns)) ms"
        case .count(let n): "\(n) messages"
        }
    }
}

import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// `reproduce --with-knee`: the claim read as "sustainable messages per second at p99 ≤ bound",
/// measured by a load sweep into `<run>/knee/` and added to REPORT.md.
enum KneeReport {
    static func append(to run: String, idle: IdleStates, quiet: Bool) throws {
        var plan = KneeSearch.Plan()
        plan.bisections = 3
        var settings = LoadSession.defaultSettings
        settings.idle = idle
        let request = LoadSession.Request(
            transports: [.unix, .tcp, .udp], pattern: .stream, sizeBytes: 64, plan: plan, settings: settings,
            outputPath: "\(run)/knee", outputIsDefault: false, name: "knee"
        )
        let (sweeps, directory) = try LoadSession.run(request, quiet: quiet)
        let table = KneeTable.render(sweeps, bound: plan.bound)
        print(table)
        var md = "\n## Sustainable rate under a latency bound (the knee)\n\n"
        md += "The claim read as throughput *with bounded latency*: the highest offered rate of a paced 64 B stream at which "
        md += "the achieved rate is at least 99 % of the offered one and \(plan.bound) (one-way latency from each message's intended send time). "
        md += "Every step is in `knee/` (`sockbench load` made the same way).\n\n"
        let percentile = plan.bound.percentile.rawValue
        md += "| transport | claimed | sustainable msg/s at \(plan.bound) | \(percentile) µs at the knee |\n|---|---|---|---|\n"
        for sweep in sweeps {
            let claimed = sweep.cell.transport == .unix ? "~" + NumberFormat.grouped(ClaimPlan.claimedUnix)
                : sweep.cell.transport == .tcp ? "~" + NumberFormat.grouped(ClaimPlan.claimedTCP) : "-"
            let knee = sweep.knee
            md += "| \(sweep.cell.transport.rawValue) | \(claimed) | \(knee.map { NumberFormat.grouped(Double($0.rate)) } ?? "none ≥ \(NumberFormat.grouped(Double(plan.minimum)))") | \(knee?.latency.map { String(format: "%.1f", $0) } ?? "-") |\n"
        }
        let measured: String
        switch request.settings.extent {
        case .duration(let nanoseconds): measured = "\(nanoseconds / 1_000_000) ms"
        case .count(let count): measured = "\(count) messages"
        }
        md += "\nEach rate was measured \(request.repetitions) times for \(measured), the repetition with the median \(percentile) deciding; on a busy host the bound fails early and the knee is low.\n"
        let report = "\(run)/REPORT.md"
        let existing = (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""
        try CLIErrors.guarding { try FileOutput.writeAtomically(existing + md, to: report) }
        print("knee sweep in \(directory); section added to \(report)")
    }
}

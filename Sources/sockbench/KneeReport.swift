import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// `reproduce --with-knee`: the claim read as sustainable messages per second (saturation and latency knees),
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
        let outcome = try LoadSession.run(request, quiet: quiet)
        let table = KneeTable.render(outcome.estimates, bound: plan.bound)
        print(table)
        var md = "\n## Sustainable rate (the knees)\n\n"
        md += "The claim read as throughput a paced 64 B stream keeps up with. Saturation knee: the highest offered rate at which "
        md += "the achieved rate is at least 95 % of the offered one and the backlog does not grow (median one-way latency from the intended send time "
        md += "not rising between the halves of a step). Latency knee: the highest such rate whose \(plan.bound.percentile.rawValue) beyond the machine's floor "
        md += "(the same pacing schedule with no socket) is within \(NumberFormat.compact(plan.bound.microseconds)) µs. "
        md += "Every step is in `knee/` (`sockbench load` made the same way); median of \(request.repetitions) sweeps, min–max in brackets.\n\n"
        md += "| transport | claimed | saturation knee msg/s | latency knee msg/s (\(plan.bound)) |\n|---|---|---|---|\n"
        func knee(_ interval: KneeInterval) -> String {
            "\(KneeTable.rate(interval.median)) [\(KneeTable.range(interval))]"
        }
        for estimate in outcome.estimates {
            let claimed = estimate.cell.transport == .unix ? "~" + NumberFormat.grouped(ClaimPlan.claimedUnix)
                : estimate.cell.transport == .tcp ? "~" + NumberFormat.grouped(ClaimPlan.claimedTCP) : "-"
            let latency = estimate.latency.map(knee) ?? "limited by the machine's floor"
            md += "| \(estimate.cell.transport.rawValue) | \(claimed) | \(knee(estimate.saturation)) | \(latency) |\n"
        }
        let directory = outcome.directory
        let measured: String
        switch request.settings.extent {
        case .duration(let nanoseconds): measured = "\(nanoseconds / 1_000_000) ms"
        case .count(let count): measured = "\(count) messages"
        }
        md += "\nEach rate was measured once per sweep for \(measured), right after the floor control at the same rate.\n"
        let report = "\(run)/REPORT.md"
        let existing = (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""
        try CLIErrors.guarding { try FileOutput.writeAtomically(existing + md, to: report) }
        print("knee sweep in \(directory); section added to \(report)")
    }
}

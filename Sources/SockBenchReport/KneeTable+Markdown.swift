import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats

extension KneeTable {
    /// REPORT.md's section of `reproduce --with-knee`: the claim read as sustainable messages per
    /// second, one row per transport. `sweeps`: how many sweeps each knee is the median of;
    /// `extent`: how long each rate was measured.
    public static func markdownSection(
        _ estimates: [KneeEstimate], bound: LatencyBound, sweeps: Int, extent: Extent
    ) -> String {
        var md = """

            ## Sustainable rate (the knees)

            The claim read as throughput a paced 64 B stream keeps up with. Saturation knee: the highest offered rate at which \
            the achieved rate is at least 95 % of the offered one and the transport is not behind (median one-way latency from the intended send time \
            of the step's second half within 3 ms of the schedule and not rising from the first half's). Latency knee: the highest such rate whose \(bound.percentile.rawValue) in a typical 30 ms window of the step \
            (the median over its ten windows, so one stall of the machine does not decide it) beyond the machine's floor \
            (the same pacing schedule with no socket) is within \(NumberFormat.compact(bound.microseconds)) µs. \
            Every step is in `knee/` (`sockbench load` made the same way); each knee pooled from every try of \(sweeps) sweeps (the highest rate passing in at least half of its tries), its 95 % interval from resampled sweeps in brackets.

            | transport | claimed | saturation knee msg/s | latency knee msg/s (\(bound)) |
            |---|---|---|---|

            """
        func knee(_ interval: KneeInterval) -> String {
            "\(rate(interval.rate)) [\(range(interval))]"
        }
        for estimate in estimates {
            let claimed = estimate.cell.transport == .unix ? "~" + NumberFormat.grouped(ClaimPlan.claimedUnix)
                : estimate.cell.transport == .tcp ? "~" + NumberFormat.grouped(ClaimPlan.claimedTCP) : "-"
            let latency = estimate.latency.map(knee) ?? "limited by the machine's floor"
            md += "| \(estimate.cell.transport.rawValue) | \(claimed) | \(knee(estimate.saturation)) | \(latency) |\n"
        }
        let measured: String
        switch extent {
        case .duration(let nanoseconds): measured = "\(nanoseconds / 1_000_000) ms"
        case .count(let count): measured = "\(count) messages"
        }
        md += "\nEach rate was measured once per sweep for \(measured), right after the floor control at the same rate.\n"
        return md
    }
}

import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// The readable table printed at the end of a run: one line per cell, medians with 95% CIs. Axis
/// columns are the axes that vary between the cells (and the transport), so no two rows look alike
/// and no column repeats one value; the shared axes are said once below. Numbers follow
/// `NumberFormat.significant`, and each footer appears only when its pattern is in the table.
public enum SummaryTable {
    public static func render(_ summaries: [CellSummary]) -> String {
        let cells = summaries.map(\.cell)
        let axes = VaryingAxes(cells)
        let pingpong = cells.contains { $0.pattern == .pingpong }
        let requestResponse = cells.contains { $0.pattern == .rr }
        // Latency is the answer for request/response (rr's msg/s is the schedule's) and for a paced
        // stream (one-way, from the intended send time): their columns appear whenever they exist.
        let roundTrips = pingpong || requestResponse
        let oneWay = summaries.contains { $0.mergedOneWayHistogram != nil }
        let datagrams = summaries.contains { $0.statistics[.lost] != nil }
        var header = axes.titles + ["n", "msg/s (95% CI)", "MB/s"]
        if roundTrips { header += ["RT/s", "p50 µs", "p99 µs", "p99.9 µs"] }
        if oneWay { header += ["one-way p50 µs", "p99 µs", "p99.9 µs"] }
        if datagrams { header.append("lost") }
        header.append("status")
        var rows: [[String]] = [header]
        for s in summaries {
            let main = s.main
            let rate = main.map { "\(NumberFormat.significant($0.median)) (\(NumberFormat.significant($0.confidenceLow))–\(NumberFormat.significant($0.confidenceHigh)))" } ?? "-"
            let rtt = s.mergedRoundTrip
            var row = axes.values(s.cell) + [String(s.okRepetitions), rate, NumberFormat.significant(s.statistics[.megabytesPerSecond]?.median)]
            if roundTrips {
                row += [NumberFormat.significant(s.statistics[.roundTripsPerSecond]?.median)]
                row += [rtt?.p50, rtt?.p99, rtt?.p999].map { NumberFormat.significant($0) }
            }
            if oneWay {
                let owl = s.mergedOneWayHistogram.map(RoundTripSummary.init)
                row += [owl?.p50, owl?.p99, owl?.p999].map { NumberFormat.significant($0) }
            }
            if datagrams { row.append(s.statistics[.lost].map { String(Int($0.median)) } ?? "") }
            row.append(status(s))
            rows.append(row)
        }
        var text = align(rows) + "\n"
        let common = VaryingAxes.common(cells, except: axes.titles)
        if !common.isEmpty { text += "all rows: \(common.joined(separator: ", "))\n" }
        if pingpong {
            text += "msg/s counts 2 messages per ping-pong round trip (request + reply); RT/s = round trips per second; MB/s counts both directions.\n"
        }
        if requestResponse {
            text += "rr: msg/s counts requests + replies, RT/s = requests answered per second; p50/p99 are round trips timed from each request's intended send time.\n"
        }
        if oneWay {
            text += "one-way: latency of a paced stream's messages from their intended send time to their receipt.\n"
        }
        return text
    }

    /// A cell's status: `ok`, `N failed`, and for paced cells whose sender did not reach the offered
    /// rate `below offered` (every repetition) or `N below offered`; the figures are what it achieved.
    public static func status(_ s: CellSummary) -> String {
        var parts: [String] = []
        if s.failedRepetitions > 0 { parts.append("\(s.failedRepetitions) failed") }
        if s.behindRepetitions > 0 {
            parts.append(s.behindRepetitions == s.okRepetitions && s.failedRepetitions == 0 ? "below offered" : "\(s.behindRepetitions) below offered")
        }
        return parts.isEmpty ? "ok" : parts.joined(separator: ", ")
    }

    /// Rows as columns padded to their widest field, two spaces apart.
    public static func align(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = Array(repeating: 0, count: first.count)
        for row in rows { for (i, field) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], field.count) } }
        return rows.map { row in
            row.enumerated().map { i, field in field.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}

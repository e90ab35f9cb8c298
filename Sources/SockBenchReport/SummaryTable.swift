import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// The readable table printed at the end of a run: one line per cell, medians with 95% CIs.
public enum SummaryTable {
    public static func render(_ summaries: [CellSummary]) -> String {
        var rows: [[String]] = [["transport", "pattern", "size", "nodelay", "mode", "cpu", "pairs", "batch", "writes", "conns", "n", "msg/s (95% CI)", "MB/s", "RT/s", "p50 µs", "p99 µs", "p99.9 µs", "lost", "status"]]
        for s in summaries {
            let c = s.cell
            let main = s.main
            let rate = main.map { "\(NumberFormat.grouped($0.median)) (\(NumberFormat.grouped($0.confidenceLow))–\(NumberFormat.grouped($0.confidenceHigh)))" } ?? "-"
            let rtt = s.mergedRoundTrip
            let lost = s.statistics[.lost].map { String(Int($0.median)) } ?? ""
            let status = s.failedRepetitions == 0 ? "ok" : "\(s.failedRepetitions) failed"
            rows.append([
                c.transport.rawValue, c.pattern.rawValue, Quantities.formatBytes(c.sizeBytes),
                c.noDelaySetting ?? Cell.notApplicable, c.mode.rawValue, c.cpu.description, String(c.pairs), String(c.batch ?? 1), String(c.writes ?? 1), c.connections.map(String.init) ?? "-",
                String(s.okRepetitions), rate,
                s.statistics[.megabytesPerSecond].map { String(format: "%.1f", $0.median) } ?? "-",
                s.statistics[.roundTripsPerSecond].map { NumberFormat.grouped($0.median) } ?? "-",
                rtt.map { String(format: "%.1f", $0.p50) } ?? "-",
                rtt.map { String(format: "%.1f", $0.p99) } ?? "-",
                rtt.map { String(format: "%.1f", $0.p999) } ?? "-",
                lost, status,
            ])
        }
        return align(rows) + "\nmsg/s counts 2 messages per ping-pong round trip (request + echo); RT/s = round trips per second.\n"
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

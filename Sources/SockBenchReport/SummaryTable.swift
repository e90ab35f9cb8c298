import Foundation
import SockBenchCore
import SockBenchRunner

/// The readable table printed at the end of a run: one line per cell, medians with 95% CIs.
public enum SummaryTable {
    public static func render(_ summaries: [CellSummary]) -> String {
        var rows: [[String]] = [["transport", "pattern", "size", "nodelay", "mode", "cpu", "pairs", "batch", "n", "msg/s (95% CI)", "MB/s", "RT/s", "p50 µs", "p99 µs", "p99.9 µs", "lost", "status"]]
        for s in summaries {
            let c = s.cell
            let main = s.main
            let rate = main.map { "\(count($0.median)) (\(count($0.confidenceLow))–\(count($0.confidenceHigh)))" } ?? "-"
            let rtt = s.mergedRoundTrip
            let lost = s.statistics["lost"].map { String(Int($0.median)) } ?? ""
            let status = s.failedRepetitions == 0 ? "ok" : "\(s.failedRepetitions) failed"
            rows.append([
                c.transport.rawValue, c.pattern.rawValue, Quantities.formatBytes(c.sizeBytes),
                c.noDelay.map { $0 ? "on" : "off" } ?? "-", c.mode.rawValue, c.cpu.description, String(c.pairs), String(c.batch ?? 1),
                String(s.okRepetitions), rate,
                s.statistics["mb_per_s"].map { String(format: "%.1f", $0.median) } ?? "-",
                s.statistics["rtt_per_s"].map { count($0.median) } ?? "-",
                rtt.map { String(format: "%.1f", $0.p50) } ?? "-",
                rtt.map { String(format: "%.1f", $0.p99) } ?? "-",
                rtt.map { String(format: "%.1f", $0.p999) } ?? "-",
                lost, status,
            ])
        }
        return align(rows) + "\nmsg/s counts 2 messages per ping-pong round trip (request + echo); RT/s = round trips per second.\n"
    }

    /// 1234567 → "1 234 567" (thin grouping keeps big rates readable).
    public static func count(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var out = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { out.append(" ") }
            out.append(character)
        }
        return String(out.reversed())
    }

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

/// The final summary as JSON (`--json`).
public enum JSONReport {
    struct CellEntry: Encodable {
        var cell: Cell
        var cellID: String
        var ok: Int
        var failed: Int
        var statistics: [String: SampleStatistics]
        var roundTripMerged: RoundTripSummary?
    }

    struct Document: Encodable {
        var directory: String
        var seed: UInt64
        var interrupted: Bool
        var warnings: [String]
        var cells: [CellEntry]
    }

    public static func summary(_ outcome: RunOutcome) throws -> String {
        let document = Document(
            directory: outcome.directory, seed: outcome.metadata.seed, interrupted: outcome.interrupted,
            warnings: outcome.metadata.warnings,
            cells: outcome.summaries.map {
                CellEntry(cell: $0.cell, cellID: $0.cell.id, ok: $0.okRepetitions, failed: $0.failedRepetitions, statistics: $0.statistics, roundTripMerged: $0.mergedRoundTrip)
            }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}

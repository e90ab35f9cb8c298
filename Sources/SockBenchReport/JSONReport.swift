import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// The final summary as JSON (`--json`).
public enum JSONReport {
    struct CellEntry: Encodable {
        var cell: Cell
        var cellID: String
        var ok: Int
        var failed: Int
        /// Paced cells: finished repetitions whose sender did not reach the offered rate.
        var belowOffered: Int
        /// Keyed by each metric's CSV name (`msg_per_s`).
        var statistics: [Metric: SampleStatistics]
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
                CellEntry(cell: $0.cell, cellID: $0.cell.id, ok: $0.okRepetitions, failed: $0.failedRepetitions, belowOffered: $0.behindRepetitions, statistics: $0.statistics, roundTripMerged: $0.mergedRoundTrip)
            }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}

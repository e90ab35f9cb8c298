import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats

/// What a finished (or interrupted) run produced.
public struct RunOutcome: Sendable {
    public var directory: String
    public var metadata: RunMetadata
    public var summaries: [CellSummary]
    public var measurements: [CellMeasurement]
    public var interrupted: Bool

    public init(directory: String, metadata: RunMetadata, summaries: [CellSummary], measurements: [CellMeasurement], interrupted: Bool) {
        self.directory = directory
        self.metadata = metadata
        self.summaries = summaries
        self.measurements = measurements
        self.interrupted = interrupted
    }
    public var failedMeasurements: Int { measurements.filter { $0.status == .failed }.count }

    /// One warning per measurement whose sender fell behind its offered rate: such a rate is
    /// measured, not refused, and the run says so.
    public var shortfalls: [String] {
        measurements.filter(\.fellBehind).map { "\($0.cell.id) repetition \($0.repetition): \($0.note?.description ?? "")" }
    }
}

import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStore

/// `reproduce`'s appendix: measures `NagleTrapReport.cells` (a few seconds) into nagle-trap.csv
/// and returns REPORT.md's section on them.
public enum NagleTrap {
    public static let roundTrips = 20

    /// `idle`: the run's idle-state policy, so these cells are measured like the run's own.
    public static func measure(run directory: String, idle: IdleStates) throws -> ReportSection {
        let coordinator = try Coordinator(executable: Coordinator.defaultWorkerExecutable(), idle: idle)
        let settings = MeasurementSettings(warmupNanoseconds: 0, extent: .count(roundTrips), verify: false, idleTimeoutNanoseconds: 5_000_000_000)
        let measurements = NagleTrapReport.cells.map { coordinator.measure($0, repetition: 1, settings: settings) }
        try FileOutput.writeAtomically(MeasurementCSV.header + measurements.map(MeasurementCSV.row).joined(), to: "\(directory)/nagle-trap.csv")
        return .nagleTrap(measurements, roundTrips: roundTrips)
    }
}

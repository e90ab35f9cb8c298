import Foundation
import SockBenchCore
import SockBenchModel

/// What a running matrix reports for a progress display.
public struct RunProgress: Sendable {
    public var index: Int
    public var total: Int
    public var cell: Cell
    public var repetition: Int
    public var elapsedSeconds: Double
    public var remainingSeconds: Double
    /// What the session adds to the line, such as how many conditions are decided.
    public var note: String?
}

/// Runs the scheduled measurements of a matrix, one at a time, and hands each to the sink.
public struct MatrixRunner {
    public var cells: [Cell]
    public var schedule: [ScheduledMeasurement]
    public var settings: MeasurementSettings
    /// Measurements already done (resume): skipped here.
    public var done: Set<String>

    public init(cells: [Cell], schedule: [ScheduledMeasurement], settings: MeasurementSettings, done: Set<String> = []) {
        self.cells = cells
        self.schedule = schedule
        self.settings = settings
        self.done = done
    }

    public static func key(_ cell: Cell, _ repetition: Int) -> String { "\(cell.id)#\(repetition)" }

    /// Estimated seconds per measurement: warmup + measured time + about 0.03 s of setup (sockets,
    /// control messages, the row fsynced); the pooled workers start once per run.
    public var secondsPerMeasurement: Double {
        let measured: Double
        switch settings.extent {
        case .duration(let ns): measured = Double(ns) / 1e9
        case .count: measured = 1
        }
        return Double(settings.warmupNanoseconds) / 1e9 + measured + 0.03
    }

    /// Runs until done or interrupted; returns the measurements made now (not the resumed ones).
    public func run(
        coordinator: Coordinator, sink: any MeasurementSink, progress: (RunProgress) -> Void
    ) throws -> [CellMeasurement] {
        let pending = schedule.filter { !done.contains(MatrixRunner.key(cells[$0.cellIndex], $0.repetition)) }
        let start = MonotonicClock.nanoseconds()
        var made: [CellMeasurement] = []
        for (index, item) in pending.enumerated() {
            if Interruption.requested { break }
            let cell = cells[item.cellIndex]
            let elapsed = Double(MonotonicClock.nanoseconds() - start) / 1e9
            let perItem = index == 0 ? secondsPerMeasurement : elapsed / Double(index)
            progress(RunProgress(index: index + 1, total: pending.count, cell: cell, repetition: item.repetition,
                              elapsedSeconds: elapsed, remainingSeconds: perItem * Double(pending.count - index)))
            let measurement = coordinator.measure(cell, repetition: item.repetition, settings: settings)
            // A measurement cut short by Ctrl-C is not a result: leave it for --resume.
            if Interruption.requested && measurement.status == .failed { break }
            try sink.record(measurement)
            made.append(measurement)
        }
        return made
    }
}

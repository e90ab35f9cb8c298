import Foundation
import SockBenchModel
import SockBenchRunner
import Synchronization

/// One measurement on a thread of its own, so a test can act on its workers meanwhile.
final class BackgroundMeasurement: Sendable {
    private let outcome = Mutex<CellMeasurement?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(_ coordinator: Coordinator, cell: Cell, settings: MeasurementSettings) {
        Thread { [self] in
            let measurement = coordinator.measure(cell, repetition: 1, settings: settings)
            outcome.withLock { $0 = measurement }
            done.signal()
        }.start()
    }

    /// Waits for the measurement to end (the coordinator's own deadlines bound it) and returns it.
    func result() -> CellMeasurement {
        done.wait()
        done.signal()  // a second call returns at once
        return outcome.withLock { $0 }!
    }
}

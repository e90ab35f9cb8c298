import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats

/// What one calibration produced.
public struct CalibrationOutcome: Sendable {
    public var directory: String
    public var cells: [CalibrationCell]
    public var skipped: [SkippedCombination]
    public var tolerance: Double
    public var interrupted: Bool

    public init(directory: String, cells: [CalibrationCell], skipped: [SkippedCombination], tolerance: Double, interrupted: Bool) {
        self.directory = directory
        self.cells = cells
        self.skipped = skipped
        self.tolerance = tolerance
        self.interrupted = interrupted
    }
}

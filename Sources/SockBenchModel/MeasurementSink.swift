import Foundation
import SockBenchCore

/// Receives each measurement as soon as it is made, so a crash or Ctrl-C keeps every finished one.
public protocol MeasurementSink: AnyObject {
    func record(_ measurement: CellMeasurement) throws
}

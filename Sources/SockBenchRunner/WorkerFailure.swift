import CSockBench
import Foundation
import Histogram
import SockBenchCore
import SockBenchModel
import Synchronization

/// Why a measurement failed, naming the worker.
struct WorkerFailure: Error, CustomStringConvertible {
    var worker: String
    var reason: String
    var description: String { worker.isEmpty ? reason : "\(worker): \(reason)" }
}

/// The first pair of workers could not be started or is a different sockbench: one line, and the
/// run does not start.
public struct WorkerStartError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension ControlError {
    var isEndOfFile: Bool {
        if case .endOfFile = self { return true }
        return false
    }
}

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
    var description: String { "\(worker): \(reason)" }
}

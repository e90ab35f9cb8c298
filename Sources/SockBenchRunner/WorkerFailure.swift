import CSockBench
import Foundation
import SockBenchCore
import SockBenchModel
import Synchronization

/// Why a measurement failed, naming the worker it happened to: what the worker (or the coordinator
/// about it) said, `server of pair 0 (pid 1234): bind(…) failed: EADDRINUSE`, or what happened to
/// it, `server of pair 0 (pid 1234) was killed by SIGKILL before sending its result`.
struct WorkerFailure: Error, CustomStringConvertible {
    enum Kind {
        /// A reason reported by the worker or found by the coordinator on its channel.
        case said(String)
        /// A predicate about the process: `was killed by SIGKILL before sending its result`.
        case happened(String)
    }

    var worker: WorkerProcess?
    var kind: Kind

    init(_ worker: WorkerProcess?, _ kind: Kind) {
        self.worker = worker
        self.kind = kind
    }

    /// A failure that is no single worker's (a version mismatch names both sides itself).
    init(general text: String) {
        self.init(nil, .said(text))
    }

    var description: String {
        switch (worker, kind) {
        case (nil, .said(let text)), (nil, .happened(let text)): text
        case (let worker?, .said(let text)): "\(worker.name): \(text)"
        case (let worker?, .happened(let text)): "\(worker.name) \(text)"
        }
    }
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

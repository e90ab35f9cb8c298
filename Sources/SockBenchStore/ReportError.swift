import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats

/// Errors of the reporting side, each mapped to a sysexits code by the CLI.
public enum ReportError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A run, baseline or thresholds file that cannot be parsed (EX_DATAERR 65).
    case malformed(String)
    /// A named input that does not exist (EX_NOINPUT 66).
    case notFound(String)
    /// An output that could not be created or written (EX_IOERR 74).
    case cannotWrite(String)
    /// Bad usage or spec (EX_USAGE 64).
    case invalid(String)
    /// A check that has nothing to compare: it fails as a regression does (exit 1).
    case cannotCheck(String)

    public var description: String {
        switch self {
        case .malformed(let s), .notFound(let s), .cannotWrite(let s), .invalid(let s), .cannotCheck(let s): s
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .cannotCheck: .failure
        case .invalid: .usage
        case .malformed: .malformedInput
        case .notFound: .inputNotFound
        case .cannotWrite: .cannotWrite
        }
    }
}

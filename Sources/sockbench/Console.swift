import ArgumentParser
import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchSession
import SockBenchStore

enum Console {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// The one place errors become text on stderr and an exit status: every error line starts with
/// `sockbench: `, library errors map to their sysexits code, argument-parser errors keep theirs (64).
enum CLIErrors {
    static let prefix = "sockbench: "

    /// Runs `body`, printing a library error as one line and rethrowing it as its exit code.
    static func guarding<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch where error is ReportError || error is SyscallError || error is PlanError {
            throw ExitCode(report(error))
        }
    }

    /// A bad option value (`AxisError`) or a plan the rules refuse (`PlanError`) is a usage error
    /// (64), reported as one line naming the option or the rule.
    static func validating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as AxisError {
            throw ValidationError(error.description)
        } catch let error as PlanError {
            throw ValidationError(error.description)
        }
    }

    /// Prints `message` as one error line and returns the exit code to throw: for a status that
    /// argument-parser has no error for (68, host name unknown), also from `validate()`.
    static func exit(_ message: String, status: ExitStatus) -> ExitCode {
        Console.error(prefix + message)
        return ExitCode(status.rawValue)
    }

    /// Prints what `error` says (nothing for a bare exit code) and returns the exit status.
    static func report(_ error: any Error) -> Int32 {
        switch error {
        case let error as ReportError:
            Console.error(prefix + error.description)
            return error.exitStatus.rawValue
        case let error as SyscallError:
            Console.error(prefix + error.description)
            return (error.errno == .noSpace ? ExitStatus.cannotWrite : .failure).rawValue
        case let error as PlanError:
            Console.error(prefix + error.description)
            return ExitStatus.usage.rawValue
        default:
            let code = SockBench.exitCode(for: error).rawValue
            let text = SockBench.fullMessage(for: error)
            if text.isEmpty { return code }
            if code == 0 {
                // --help, --version: not an error.
                print(text)
            } else {
                Console.error(text.hasPrefix("Error: ") ? prefix + text.dropFirst("Error: ".count) : text)
            }
            return code
        }
    }
}

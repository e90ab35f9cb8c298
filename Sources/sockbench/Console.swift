import ArgumentParser
import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

enum Console {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Turns library errors into one line on stderr and a sysexits status.
enum CLIErrors {
    static func guarding<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ReportError {
            Console.error("sockbench: \(error.description)")
            throw ExitCode(error.exitCode)
        } catch let error as SyscallError {
            Console.error("sockbench: \(error.description)")
            throw ExitCode(error.errno == .noSpace ? 74 : 1)
        }
    }
}

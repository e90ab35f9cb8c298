import Foundation
import Synchronization
@testable import SockBenchRunner

/// Runs the built `sockbench` binary as a user would, capturing its output and exit status.
final class CLIProcess: Sendable {
    let process = Process()
    private let out = Pipe()
    private let err = Pipe()
    /// Filled by the two readers; read after `group` says both are done.
    private let captured = Mutex<(stdout: Data, stderr: Data)>((Data(), Data()))
    private let group = DispatchGroup()

    /// `launcher`: a command that runs sockbench, such as `["taskset", "-c", "0"]`; empty runs it directly.
    init(_ arguments: [String], directory: String? = nil, environment: [String: String] = [:], launcher: [String] = []) {
        if launcher.isEmpty {
            process.executableURL = URL(fileURLWithPath: Coordinator.defaultWorkerExecutable())
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = launcher + [Coordinator.defaultWorkerExecutable()] + arguments
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
    }

    func start() throws {
        try process.run()
        group.enter()
        DispatchQueue.global().async {
            let data = self.out.fileHandleForReading.readDataToEndOfFile()
            self.captured.withLock { $0.stdout = data }
            self.group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            let data = self.err.fileHandleForReading.readDataToEndOfFile()
            self.captured.withLock { $0.stderr = data }
            self.group.leave()
        }
    }

    /// Waits for exit (killing the process after `timeout` seconds) and returns the status.
    @discardableResult
    func wait(timeout: Double = 120) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate(); kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        group.wait()
        return process.terminationStatus
    }

    var stdout: String { String(decoding: captured.withLock { $0.stdout }, as: UTF8.self) }
    var stderr: String { String(decoding: captured.withLock { $0.stderr }, as: UTF8.self) }

    /// Runs to completion.
    static func run(
        _ arguments: [String], directory: String? = nil, environment: [String: String] = [:], launcher: [String] = []
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = CLIProcess(arguments, directory: directory, environment: environment, launcher: launcher)
        try p.start()
        let status = p.wait()
        return (status, p.stdout, p.stderr)
    }

    /// What a command that should refuse its input did: its exit status, the first line and the
    /// whole of stderr, and whether anything appeared at its `--output` (a fresh path in a scratch
    /// directory, removed again before this returns).
    struct Refusal {
        var status: Int32
        var firstLine: String
        var stderr: String
        var wroteOutput: Bool
    }

    static func refusal(_ arguments: [String], launcher: [String] = []) throws -> Refusal {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let output = scratch + "/run"
        let result = try run(arguments + ["--output", output], launcher: launcher)
        let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        return Refusal(status: result.status, firstLine: first, stderr: result.stderr, wroteOutput: FileManager.default.fileExists(atPath: output))
    }
}

enum Scratch {
    /// A fresh empty directory for one test; the test removes it with `remove` in a `defer`, so
    /// nothing is left in /tmp, also when an expectation fails.
    static func directory() -> String {
        let path = NSTemporaryDirectory() + "sockbench-cli-test-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes what a test created; called from `defer` so it also runs when the test fails.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Worker processes still running for coordinator `pid` (they carry `--parent PID`).
    static func workers(of pid: Int32) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { Int32($0) }.filter { candidate in
            guard let data = FileManager.default.contents(atPath: "/proc/\(candidate)/cmdline") else { return false }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard let index = arguments.firstIndex(of: "--parent"), index + 1 < arguments.count else { return false }
            // A zombie has an empty cmdline, so only live workers match.
            return arguments.contains("worker") && arguments[index + 1] == String(pid)
        }
    }

    static func socketDirectories(of pid: Int32) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []).filter { $0.hasPrefix("sockbench-\(pid)-") }
    }
}

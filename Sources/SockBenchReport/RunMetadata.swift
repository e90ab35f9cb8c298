import Foundation
import SockBenchCore
import SockBenchRunner

/// run.json: how a run was made and on what, so it can be trusted, compared and replayed.
public struct RunMetadata: Codable, Sendable {
    public enum State: String, Codable, Sendable { case running, complete, interrupted }

    public var name: String
    public var state: State
    public var commandLine: [String]
    public var axes: MatrixAxes
    public var settings: MeasurementSettings
    public var repetitions: Int
    public var seed: UInt64
    public var sockbenchVersion: String
    public var gitCommit: String?
    public var host: HostInfo
    public var loadAverageBefore: Double?
    public var loadAverageAfter: Double?
    public var startTime: String
    public var endTime: String?
    public var cells: [Cell]
    public var skipped: [SkippedCombination]
    public var notes: [String]
    public var warnings: [String]
    /// How to read the CSV files: counting rules and statistics used.
    public var conventions: [String: String]

    public init(
        name: String, commandLine: [String], axes: MatrixAxes, settings: MeasurementSettings, repetitions: Int,
        seed: UInt64, plan: MatrixPlan, host: HostInfo
    ) {
        self.name = name
        self.state = .running
        self.commandLine = commandLine
        self.axes = axes
        self.settings = settings
        self.repetitions = repetitions
        self.seed = seed
        self.sockbenchVersion = SockBenchVersion.current
        self.gitCommit = SockBenchVersion.gitCommit()
        self.host = host
        self.loadAverageBefore = HostInfo.loadAverage()
        self.startTime = Timestamps.iso8601(Date())
        self.cells = plan.cells
        self.skipped = plan.skipped
        self.notes = plan.notes
        self.warnings = []
        self.conventions = [
            "messages": "ping-pong counts 2 messages per round trip (request and echo); stream counts messages received",
            "mb_per_s": "10^6 bytes per second",
            "ci": "95% distribution-free CI of the median from order statistics (full range when n <= 5)",
            "rtt_merged": "RTT percentiles of the histogram merged over all repetitions",
        ]
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
    }
}

public enum SockBenchVersion {
    public static let current = "0.1.0"

    /// The commit of the checkout the tool runs from, when it runs from one.
    public static func gitCommit() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["rev-parse", "--short=12", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

public enum Timestamps {
    public static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// `20261125T171800Z`: sortable and safe in a directory name.
    public static func compact(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}

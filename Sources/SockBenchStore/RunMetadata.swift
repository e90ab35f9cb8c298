import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats

/// run.json: how a run was made and on what, so it can be trusted, compared and replayed.
public struct RunMetadata: Codable, Sendable {
    public enum State: String, Codable, Sendable { case running, complete, interrupted }

    public var name: String
    public var state: State
    public var commandLine: [String]
    /// The sockbench command that made the run (run, check, reproduce, calibrate, load), which
    /// decides how an unfinished run is finished (`madeBy`); nil in runs written before it.
    public var command: String? = nil
    public var axes: MatrixAxes
    public var settings: MeasurementSettings
    public var repetitions: Int
    public var seed: UInt64
    public var sockbenchVersion: String
    public var gitCommit: String?
    public var host: HostInfo
    public var loadAverageBefore: Double?
    public var loadAverageAfter: Double?
    /// The machine's CPU time when the run started (/proc/stat), and over the run the share the
    /// hypervisor withheld (steal) and the share every process used (busy, this run's included).
    public var hostCPUBefore: HostCPUTimes? = nil
    public var stealShare: Double? = nil
    public var hostBusyShare: Double? = nil
    public var startTime: String
    /// CLOCK_MONOTONIC at `startTime`: measurements.csv's `started_ns` and `ended_ns` count from it
    /// (a resumed run keeps it, so its rows continue the same time axis). nil in older runs.
    public var monotonicOriginNanoseconds: UInt64? = nil
    public var endTime: String?
    public var cells: [Cell]
    public var skipped: [SkippedCombination]
    public var notes: [String]
    public var warnings: [String]
    /// Cell indices measured back to back in each slot (paired comparisons); a measurement's
    /// repetition number is its slot. nil in runs made before slots existed.
    public var groups: [[Int]]?
    /// The measuring budget of an adaptive run (reproduce), in seconds.
    public var budgetSeconds: Double?
    /// `run --compare`: the axis and the two values paired in each slot.
    public var compare: CompareSpec?
    /// How to read the CSV files: counting rules and statistics used.
    public var conventions: [String: String]
    /// Runs across hosts: the hosts of the server and client workers, as each worker described its
    /// own (kernel, CPU, cores, sysctls, clock source); nil when the worker ran here directly.
    public var serverHost: HostInfo? = nil
    public var clientHost: HostInfo? = nil

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
        self.hostCPUBefore = HostCPUTimes.current()
        self.startTime = Timestamps.iso8601(Date())
        self.cells = plan.cells
        self.skipped = plan.skipped
        self.notes = plan.notes
        self.warnings = []
        self.conventions = [
            "messages": "ping-pong counts 2 messages per round trip (request and reply; bytes are --size + --reply-size); stream counts messages received",
            Metric.megabytesPerSecond.rawValue: "10^6 bytes per second",
            "ci": "95% distribution-free CI of the median from order statistics (full range when n <= 5)",
            "rtt_merged": "RTT percentiles of the histogram merged over all repetitions",
            "slots": "the cells of a group are measured back to back in each slot, in a random order; repetition = slot number, so ratios pair equal repetitions",
        ]
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
    }
}

extension RunMetadata {
    /// Records the steal and busy shares of the machine's CPU time since the run started, and warns
    /// when the hypervisor withheld a noticeable share.
    public mutating func recordHostCPU() {
        guard let before = hostCPUBefore, let shares = HostCPUTimes.current()?.shares(since: before) else { return }
        (stealShare, hostBusyShare) = (shares.steal, shares.busy)
        if let warning = NoiseWarnings.steal(shares.steal), !warnings.contains(warning) { warnings.append(warning) }
    }
}

import SockBenchCore
import SockBenchModel
import SockBenchStore

/// What REPORT.md says about how a run was made: the command, the machine, when, the seed, the
/// measurement settings, the budget and the warnings the run recorded.
public struct ReportRunHeader: Sendable {
    public var command: String
    public var host: HostInfo
    public var startTime: String
    public var wallSeconds: Double
    public var seed: UInt64
    public var settings: MeasurementSettings
    public var budgetSeconds: Double?
    public var warnings: [String]

    public init(_ metadata: RunMetadata, wallSeconds: Double, command: String) {
        self.command = command
        host = metadata.host
        startTime = metadata.startTime
        self.wallSeconds = wallSeconds
        seed = metadata.seed
        settings = metadata.settings
        budgetSeconds = metadata.budgetSeconds
        warnings = metadata.warnings
    }
}

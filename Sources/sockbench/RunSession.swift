import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// Everything that defines a run, before it starts.
public struct RunRequest: Sendable {
    public var name: String
    public var axes: MatrixAxes
    public var settings: MeasurementSettings
    public var repetitions: Int
    public var seed: UInt64
    /// Keep repeating a cell until its msg/s CI half-width is within this fraction (0.02 = 2%).
    public var targetRelativeHalfWidth: Double?
    public var maximumRepetitions: Int
    public var outputPath: String
    public var commandLine: [String]
    /// A hand-picked list of cells instead of the full product of `axes` (reproduce uses one).
    public var explicitCells: [Cell]?
    /// The output path was chosen by sockbench (not --output): on a clash, add a suffix.
    public var outputIsDefault = false

    public init(
        name: String, axes: MatrixAxes, settings: MeasurementSettings, repetitions: Int, seed: UInt64,
        targetRelativeHalfWidth: Double? = nil, maximumRepetitions: Int = 20, outputPath: String, commandLine: [String]
    ) {
        self.name = name
        self.axes = axes
        self.settings = settings
        self.repetitions = repetitions
        self.seed = seed
        self.targetRelativeHalfWidth = targetRelativeHalfWidth
        self.maximumRepetitions = maximumRepetitions
        self.outputPath = outputPath
        self.commandLine = commandLine
    }

    /// `results/<UTC timestamp>-<name>`.
    public static func defaultOutputPath(name: String, root: String = "results") -> String {
        "\(root)/\(Timestamps.compact(Date()))-\(name)"
    }
}

/// Runs a matrix into a run directory: the plan, the measurements (appended one by one), then the
/// statistics, warnings and metadata. Resuming re-reads the directory and measures only what is
/// missing.
public final class RunSession {
    public let directory: RunDirectory
    public private(set) var metadata: RunMetadata
    private let targetRelativeHalfWidth: Double?
    private let maximumRepetitions: Int

    public static func start(_ request: RunRequest) throws(ReportError) -> RunSession {
        let plan = request.explicitCells.map { Matrix.plan(cells: $0) } ?? Matrix.expand(request.axes)
        guard !plan.cells.isEmpty else {
            throw .invalid("nothing to measure: every combination was skipped (\(plan.skipped.map(\.description).joined(separator: "; ")))")
        }
        let directory = try RunDirectory.create(at: request.outputPath, unique: request.outputIsDefault)
        let metadata = RunMetadata(
            name: request.name, commandLine: request.commandLine, axes: request.axes, settings: request.settings,
            repetitions: request.repetitions, seed: request.seed, plan: plan, host: HostInfo.current()
        )
        let session = RunSession(directory: directory, metadata: metadata, target: request.targetRelativeHalfWidth, maximum: request.maximumRepetitions)
        session.metadata.warnings += NoiseWarnings.atStart(host: metadata.host, loadAverage: metadata.loadAverageBefore)
        try directory.writeMetadata(session.metadata)
        return session
    }

    public static func resume(_ path: String) throws(ReportError) -> RunSession {
        let directory = try RunDirectory.open(path)
        var metadata = try directory.readMetadata()
        if metadata.state == .complete { throw .invalid("\(path) is already complete; nothing to resume") }
        metadata.state = .running
        return RunSession(directory: directory, metadata: metadata, target: nil, maximum: metadata.repetitions)
    }

    private init(directory: RunDirectory, metadata: RunMetadata, target: Double?, maximum: Int) {
        self.directory = directory
        self.metadata = metadata
        self.targetRelativeHalfWidth = target
        self.maximumRepetitions = maximum
    }

    /// Measures what is missing, then writes summary.csv, histograms and run.json.
    public func execute(executable: String, progress: (RunProgress) -> Void) throws -> RunOutcome {
        let coordinator = try Coordinator(executable: executable)
        let cells = metadata.cells
        var measurements = try directory.measurements()
        let done = Set(measurements.map { MatrixRunner.key($0.cell, $0.repetition) })
        let schedule = Schedule.interleaved(cells: cells.count, repetitions: metadata.repetitions, seed: metadata.seed)
        let runner = MatrixRunner(cells: cells, schedule: schedule, settings: metadata.settings, done: done)
        measurements += try runner.run(coordinator: coordinator, sink: directory, progress: progress)

        // --target-ci: one more repetition of every cell still too wide, until the maximum.
        if let target = targetRelativeHalfWidth {
            var repetitions = metadata.repetitions
            while !Interruption.requested && repetitions < maximumRepetitions {
                let wide = Summaries.make(cells: cells, measurements: measurements).filter { ($0.main?.relativeHalfWidth ?? .infinity) > target }
                if wide.isEmpty { break }
                repetitions += 1
                let extra = wide.compactMap { summary in cells.firstIndex(of: summary.cell) }.map { ScheduledMeasurement(cellIndex: $0, repetition: repetitions) }
                let more = MatrixRunner(cells: cells, schedule: extra, settings: metadata.settings)
                measurements += try more.run(coordinator: coordinator, sink: directory, progress: progress)
            }
            metadata.repetitions = max(metadata.repetitions, repetitions)
        }

        let summaries = Summaries.make(cells: cells, measurements: measurements)
        try directory.writeSummary(summaries)
        let interrupted = Interruption.requested
        metadata.state = interrupted ? .interrupted : .complete
        metadata.loadAverageAfter = HostInfo.loadAverage()
        metadata.endTime = Timestamps.iso8601(Date())
        metadata.warnings += NoiseWarnings.afterRun(summaries, target: targetRelativeHalfWidth)
        metadata.warnings = Array(NSOrderedSet(array: metadata.warnings)) as? [String] ?? metadata.warnings
        try directory.writeMetadata(metadata)
        return RunOutcome(directory: directory.path, metadata: metadata, summaries: summaries, measurements: measurements, interrupted: interrupted)
    }
}

import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// Runs a matrix into a run directory: the plan, the measurements (appended one by one), then the
/// statistics, warnings and metadata. Resuming re-reads the directory and measures only what is
/// missing.
public final class RunSession {
    public let directory: RunDirectory
    public private(set) var metadata: RunMetadata
    private let target: PrecisionTarget?
    private let maximumRepetitions: Int
    /// Set by `start` for a run across hosts: workers already started and checked.
    private var coordinator: Coordinator?

    /// `coordinator`: one whose workers are already started and checked (a run across hosts), used
    /// for the measurements and asked for the hosts' facts.
    public static func start(_ request: RunPlan, coordinator: Coordinator? = nil) throws(ReportError) -> RunSession {
        let plan = request.matrix
        guard !plan.cells.isEmpty else {
            throw .invalid("nothing to measure: every combination was skipped (\(plan.skipped.map(\.description).joined(separator: "; ")))")
        }
        let directory = try RunDirectory.create(at: request.outputPath, unique: request.outputIsDefault)
        // Each group as indices into the planned cells; a cell in no group is a group of its own.
        var groups = (request.groups ?? []).map { $0.compactMap { plan.cells.firstIndex(of: $0) } }.filter { !$0.isEmpty }
        let grouped = Set(groups.joined())
        groups += plan.cells.indices.filter { !grouped.contains($0) }.map { [$0] }
        var metadata = RunMetadata(
            name: request.name, commandLine: request.commandLine, axes: request.axes, settings: request.settings,
            repetitions: request.repetitions, seed: request.seed, plan: plan, host: HostInfo.current()
        )

        metadata.command = request.command
        metadata.groups = groups
        metadata.budgetSeconds = request.budgetSeconds
        metadata.compare = request.compare
        metadata.monotonicOriginNanoseconds = coordinator?.clockOrigin ?? MonotonicClock.nanoseconds()
        metadata.serverHost = coordinator?.serverHost
        metadata.clientHost = coordinator?.clientHost
        let session = RunSession(directory: directory, metadata: metadata, target: request.target, maximum: request.maximumRepetitions)
        session.coordinator = coordinator
        session.metadata.warnings += NoiseWarnings.atStart(host: metadata.host, loadAverage: metadata.loadAverageBefore)
        session.metadata.warnings += ThreadLayout.warnings(plan.cells, settings: request.settings)
        try directory.writeMetadata(session.metadata)
        return session
    }

    public static func resume(_ path: String) throws(ReportError) -> RunSession {
        let directory = try RunDirectory.open(path)
        var metadata = try directory.readMetadata()
        // A load, calibrate or reproduce directory has steps after measuring that only its own command takes.
        if let refusal = metadata.resumeRefusal(path) { throw .invalid(refusal) }
        if metadata.state == .complete { throw .invalid("\(path) is already complete; nothing to resume") }
        metadata.state = .running
        return RunSession(directory: directory, metadata: metadata, target: nil, maximum: metadata.repetitions)
    }

    /// Why `run --resume` refuses the options given with it, in one line; nil when none is. A resumed
    /// run measures what run.json recorded, so an option it would ignore is refused. Each list names
    /// the options given, such as ["--size"]: the matrix's, the measurement's, the hosts', the output's.
    public static func resumeConflict(_ path: String, matrix: [String], measurement: [String], hosts: [String], output: [String]) -> String? {
        if let first = matrix.first { return "a resumed run keeps its matrix; drop \(first)" }
        if let first = measurement.first { return "a resumed run keeps its measurement settings; drop \(first)" }
        if let first = hosts.first { return "a resumed run keeps its hosts; drop \(first)" }
        return output.first.map { "a resumed run stays in \(path) under its own name; drop \($0)" }
    }

    private init(directory: RunDirectory, metadata: RunMetadata, target: PrecisionTarget?, maximum: Int) {
        self.directory = directory
        self.metadata = metadata
        self.target = target
        self.maximumRepetitions = maximum
    }

    /// The first `repetitions` slots of every group, in the run's seeded order: what `execute`
    /// measures first, and what `--resume --dry-run` counts.
    public static func schedule(_ metadata: RunMetadata) -> [ScheduledMeasurement] {
        let groups = metadata.groups ?? metadata.cells.indices.map { [$0] }
        return Schedule.slots(groups: groups, slots: 1...max(1, metadata.repetitions), seed: metadata.seed)
    }

    /// Which groups (indices into `metadata.groups`) get one more slot, given everything measured so
    /// far (a group named twice gets two); an empty answer ends the run.
    public typealias SlotPolicy = (_ measurements: [CellMeasurement]) -> [Int]

    /// Measures what is missing, then writes summary.csv, histograms and run.json.
    ///
    /// First `repetitions` slots of every group, in a seeded random order; then, while `policy`
    /// (or `--target-ci`) asks for more and the budget and the maximum allow, one more slot per
    /// round for each time it names a group. `status` adds a word to the progress line (reproduce: how many
    /// conditions are decided). `warn` hears what a user must see before the first measurement.
    public func execute(
        executable: String, progress: (RunProgress) -> Void, policy: SlotPolicy? = nil,
        status: (([CellMeasurement]) -> String)? = nil, warn: (String) -> Void = { _ in }
    ) throws -> RunOutcome {
        if let line = try directory.removeCutOffRow() {
            warn("\(directory.measurementsPath) line \(line) was cut off (the run stopped while writing it); dropped it, it is measured again")
        }
        let coordinator = try self.coordinator
            ?? Coordinator(
                executable: executable, hosts: metadata.settings.hosts, idle: metadata.settings.idle ?? .recordedDefault,
                clockOrigin: metadata.monotonicOriginNanoseconds
            )
        metadata.record(coordinator.idleStates, warn: warn)
        let cells = metadata.cells
        let groups = metadata.groups ?? cells.indices.map { [$0] }
        var measurements = try directory.measurements()
        let done = Set(measurements.map { MatrixRunner.key($0.cell, $0.repetition) })
        var note: String? = status?(measurements)
        let show: (RunProgress) -> Void = { var p = $0; p.note = note; progress(p) }
        let start = MonotonicClock.nanoseconds()
        let schedule = Self.schedule(metadata)
        let runner = MatrixRunner(cells: cells, schedule: schedule, settings: metadata.settings, done: done)
        measurements += try runner.run(coordinator: coordinator, sink: directory, progress: show)

        // --target-ci: groups whose answer's interval (the compare ratio, or each cell's median of
        // its answer metric) is still too wide get another slot.
        let compare = metadata.compare
        let policy = policy ?? target.map { target in
            { (measurements: [CellMeasurement]) -> [Int] in
                target.wideGroups(groups, cells: cells, compare: compare, measurements: measurements)
            }
        }
        if let policy {
            var slots = groups.map { group in group.map { cell in measurements.filter { $0.cell == cells[cell] }.count }.max() ?? 0 }
            var round = 0
            while !Interruption.requested {
                note = status?(measurements)
                let chosen = policy(measurements).filter { slots[$0] < maximumRepetitions }
                if chosen.isEmpty { break }
                if let budget = metadata.budgetSeconds {
                    let elapsed = Double(MonotonicClock.nanoseconds() - start) / 1e9
                    let perMeasurement = elapsed / Double(max(1, measurements.count))
                    let needed = Double(chosen.reduce(0) { $0 + groups[$1].count }) * perMeasurement
                    if elapsed + needed > budget { break }
                }
                round += 1
                var next: [ScheduledMeasurement] = []
                var generator = SeededGenerator(seed: metadata.seed &+ UInt64(round) &* 0x9E37_79B9)
                for group in chosen.shuffled(using: &generator) {
                    slots[group] += 1
                    next += groups[group].shuffled(using: &generator).map { ScheduledMeasurement(cellIndex: $0, repetition: slots[group]) }
                }
                let more = MatrixRunner(cells: cells, schedule: next, settings: metadata.settings)
                measurements += try more.run(coordinator: coordinator, sink: directory, progress: show)
            }
            metadata.repetitions = max(metadata.repetitions, slots.max() ?? 0)
        }

        let summaries = Summaries.make(cells: cells, measurements: measurements)
        try directory.writeSummary(summaries)
        let interrupted = Interruption.requested
        metadata.state = interrupted ? .interrupted : .complete
        metadata.loadAverageAfter = HostInfo.loadAverage()
        metadata.recordHostCPU()
        metadata.endTime = Timestamps.iso8601(Date())
        metadata.warnings += NoiseWarnings.afterRun(summaries)
        metadata.warnings += target?.shortfalls(groups, cells: cells, compare: compare, measurements: measurements) ?? []
        metadata.warnings = Array(NSOrderedSet(array: metadata.warnings)) as? [String] ?? metadata.warnings
        try directory.writeMetadata(metadata)
        return RunOutcome(directory: directory.path, metadata: metadata, summaries: summaries, measurements: measurements, interrupted: interrupted)
    }
}

extension RunMetadata {
    /// Notes in run.json what the idle states were while measuring, and warns (also on stderr,
    /// before the first measurement) when `--idle poll` could not be held.
    mutating func record(_ idle: IdleStateHold, warn: (String) -> Void) {
        if !notes.contains(idle.note) { notes.append(idle.note) }
        if let warning = idle.warning, !warnings.contains(warning) {
            warnings.append(warning)
            warn(warning)
        }
    }
}

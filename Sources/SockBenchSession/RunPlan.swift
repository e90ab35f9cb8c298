import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats

/// Everything that defines a new run, checked once. run, check --run/--spec, reproduce, calibrate and
/// load all build their run through `init`, so the same rules refuse the same inputs everywhere.
public struct RunPlan: Sendable {
    public let name: String
    /// The command making the run, recorded in run.json (`RunMetadata.madeBy`).
    public let command: String
    public let axes: MatrixAxes
    public let settings: MeasurementSettings
    public let repetitions: Int
    public let seed: UInt64
    /// `--target-ci`: keep adding slots while the interval the answer is read from is wider.
    public let target: PrecisionTarget?
    public let maximumRepetitions: Int
    public let outputPath: String
    /// The output path was chosen by sockbench (not --output): on a clash, add a suffix.
    public let outputIsDefault: Bool
    public let commandLine: [String]
    /// A hand-picked list of cells instead of the full product of `axes` (reproduce, calibrate and
    /// controls use one).
    public let explicitCells: [Cell]?
    /// Cells measured back to back in each slot, in a random order per slot (paired comparisons);
    /// cells in no group are measured alone. nil: every cell alone.
    public let groups: [[Cell]]?
    /// Stop starting further slots once this much time has gone into measuring (with a policy).
    public let budgetSeconds: Double?
    /// `--compare`: the axis whose two values are paired (the groups hold the pairs).
    public let compare: CompareSpec?

    /// Checks the rules between the inputs and derives the cells and groups.
    /// `hosts`: where the workers run (nil keeps `settings.hosts`). `controls`: each cell the C loops
    /// can run gets its C twin in the same slot. `noDelayChosen`: the user chose TCP_NODELAY, which
    /// needs a TCP transport. `compare`: its pairs become the groups.
    public init(
        name: String, command: String = "run", axes: MatrixAxes, cells: [Cell]? = nil, settings: MeasurementSettings,
        hosts: HostPlacement? = nil, repetitions: Int, seed: UInt64, target: PrecisionTarget? = nil,
        maximumRepetitions: Int = 20, groups: [[Cell]]? = nil, controls: Bool = false, compare: CompareSpec? = nil,
        budgetSeconds: Double? = nil, outputPath: String, outputIsDefault: Bool = false, commandLine: [String],
        noDelayChosen: Bool = false
    ) throws(PlanError) {
        var settings = settings
        if let hosts { settings.hosts = hosts }
        try Self.check(axes: axes, hosts: settings.hosts, noDelayChosen: noDelayChosen)
        guard RunName.isValid(name) else { throw .invalidName(name) }
        var cells = cells
        var groups = groups
        if let compare {
            let pairs = compare.groups(cells ?? Matrix.expand(axes).cells)
            guard !pairs.isEmpty else { throw .compareHasNoPair(compare) }
            groups = pairs
        }
        if controls {
            if compare != nil { throw .controlsWithCompare }
            if settings.verify { throw .controlsWithVerify }
            (cells, groups) = ControlCells.add(to: cells ?? Matrix.expand(axes).cells)
        }
        (self.name, self.command, self.axes, self.settings) = (name, command, axes, settings)
        (self.repetitions, self.seed) = (repetitions, seed)
        (self.target, self.maximumRepetitions) = (target, maximumRepetitions)
        (self.outputPath, self.outputIsDefault, self.commandLine) = (outputPath, outputIsDefault, commandLine)
        (self.explicitCells, self.groups, self.budgetSeconds, self.compare) = (cells, groups, budgetSeconds, compare)
    }

    /// The rules between axes and hosts that no single option can check.
    private static func check(axes: MatrixAxes, hosts: HostPlacement?, noDelayChosen: Bool) throws(PlanError) {
        // One-way latency subtracts a send time read on one host from a receive time read on
        // another: only meaningful where both workers share CLOCK_MONOTONIC.
        if let hosts, !hosts.workersShareClock, axes.patterns.contains(.stream), (axes.rates ?? []).contains(where: { $0 != nil }) {
            throw .oneWayLatencyAcrossHosts
        }
        if noDelayChosen, !axes.transports.contains(where: \.isTCP) { throw .noDelayWithoutTCP }
        try OpenFiles.check(axes)
    }

    /// The cells to measure and the combinations skipped, placed on the plan's hosts.
    public var matrix: MatrixPlan {
        (explicitCells.map { Matrix.plan(cells: $0) } ?? Matrix.expand(axes)).placed(on: settings.hosts)
    }

    /// `results/<UTC timestamp>-<name>`.
    public static func defaultOutputPath(name: String, root: String = "results") -> String {
        "\(root)/\(Timestamps.compact(Date()))-\(name)"
    }
}

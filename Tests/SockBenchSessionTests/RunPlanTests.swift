import SockBenchCore
import SockBenchModel
import SockBenchSession
import Testing

/// `RunPlan.init` is the one place a run's inputs are checked: each rule refuses with its own typed
/// error, whichever command builds the plan.
@Suite struct RunPlanTests {
    static let settings = MeasurementSettings(warmupNanoseconds: 0, extent: .count(10))

    static func plan(
        _ axes: MatrixAxes, settings: MeasurementSettings = settings, hosts: HostPlacement? = nil, name: String = "t",
        controls: Bool = false, compare: CompareSpec? = nil, noDelayChosen: Bool = false
    ) throws(PlanError) -> RunPlan {
        try RunPlan(
            name: name, axes: axes, settings: settings, hosts: hosts, repetitions: 3, seed: 1, controls: controls,
            compare: compare, outputPath: "/nonexistent/run", commandLine: ["sockbench"], noDelayChosen: noDelayChosen
        )
    }

    @Test func aPlainMatrixIsPlannedWithItsCells() throws {
        let plan = try Self.plan(MatrixAxes(transports: [.unix, .tcp], patterns: [.pingpong], sizes: [64]))
        #expect(plan.matrix.cells.map(\.transport) == [.unix, .tcp])
        #expect(plan.groups == nil && plan.explicitCells == nil && plan.command == "run")
    }

    @Test func noDelayChosenWithoutTCPIsRefused() {
        #expect(throws: PlanError.noDelayWithoutTCP) {
            try Self.plan(MatrixAxes(transports: [.udp], patterns: [.stream], sizes: [64]), noDelayChosen: true)
        }
        #expect(PlanError.noDelayWithoutTCP.description.hasPrefix("--nodelay: TCP_NODELAY applies only to tcp and tcp6"))
    }

    @Test func oneWayLatencyBetweenHostsIsRefused() {
        let hosts = HostPlacement(serverVia: "ssh b", serverAddress: "192.0.2.1")
        let paced = MatrixAxes(transports: [.tcp], patterns: [.stream], sizes: [64], rates: [10_000])
        #expect(throws: PlanError.oneWayLatencyAcrossHosts) { try Self.plan(paced, hosts: hosts) }
        // Round trips are timed on one host: rr between hosts is fine.
        let rr = MatrixAxes(transports: [.tcp], patterns: [.rr], sizes: [64], rates: [10_000])
        #expect((try? Self.plan(rr, hosts: hosts))?.settings.hosts == hosts)
    }

    @Test func aBadNameIsRefused() {
        #expect(throws: PlanError.invalidName("../x")) { try Self.plan(MatrixAxes(), name: "../x") }
    }

    @Test func controlsPairEachCellWithItsCTwinAndRefuseVerifyAndCompare() throws {
        let axes = MatrixAxes(transports: [.unix], patterns: [.pingpong, .stream], sizes: [64])
        let plan = try Self.plan(axes, controls: true)
        let cells = try #require(plan.explicitCells)
        #expect(cells.count == 4 && cells.filter { $0.engine == .c }.count == 2)
        #expect(plan.groups?.allSatisfy { $0.count == 2 && $0[1] == $0[0].with(engine: .c) } == true)
        var verifying = Self.settings
        verifying.verify = true
        #expect(throws: PlanError.controlsWithVerify) { try Self.plan(axes, settings: verifying, controls: true) }
        let compare = CompareSpec(axis: .transport, a: "unix", b: "tcp")
        let both = MatrixAxes(transports: [.unix, .tcp], patterns: [.pingpong], sizes: [64])
        #expect(throws: PlanError.controlsWithCompare) { try Self.plan(both, controls: true, compare: compare) }
    }

    @Test func aComparisonWithoutAPairIsRefused() throws {
        let compare = CompareSpec(axis: .transport, a: "unix", b: "tcp")
        let both = MatrixAxes(transports: [.unix, .tcp], patterns: [.pingpong], sizes: [64])
        #expect(try Self.plan(both, compare: compare).groups?.count == 1)
        #expect(throws: PlanError.compareHasNoPair(compare)) {
            try Self.plan(MatrixAxes(transports: [.unix], patterns: [.pingpong], sizes: [64]), compare: compare)
        }
    }
}

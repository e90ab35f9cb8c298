@testable import SockBenchModel
import SockBenchReport
@testable import SockBenchStats
import Testing

/// The C control loops: drift between runs, and metrics normalized slot by slot.
@Suite struct ControlsTests {
    static let cell = Cell(transport: .unix, pattern: .stream, sizeBytes: 64)
    static let control = cell.with(engine: .c)

    static func file(swift: [Double], c: [Double]) -> BaselineFile {
        CheckTests.file("f", CheckTests.measurements(cell, swift) + CheckTests.measurements(control, c))
    }

    /// The whole machine slowed by 30%: absolutely a regression, normalized no change at all.
    @Test func aSlowerMachineIsDriftNotARegression() {
        let base = Self.file(swift: [100, 101, 99, 100.5, 99.5], c: [200, 202, 198, 201, 199])
        let slow = Self.file(swift: [70, 70.7, 69.3, 70.35, 69.65], c: [140, 141.4, 138.6, 140.7, 139.3])
        let drift = Controls.drift(baseline: base, current: slow)
        #expect(drift.count == 1 && abs(drift[0].ratio - 0.7) < 1e-9)
        let absolute = RegressionCheck.compare(baseline: base.withoutControls, current: slow.withoutControls, thresholds: .defaults())
        #expect(absolute.hasRegression)
        let normalized = RegressionCheck.compare(
            baseline: Controls.normalized(base).file, current: Controls.normalized(slow).file, thresholds: .defaults(tolerance: 0.05)
        )
        #expect(!normalized.hasRegression && normalized.count(.ok) > 0, "\(normalized.comparisons.map(\.detail))")
    }

    /// The same slower machine with `--max-drift 20%`: normalized the code passes, and the machine's
    /// own drift fails the check, with its line in the table, Markdown, JUnit and JSON.
    @Test func maxDriftFailsOnAMachineThatMovedAndPassesWithinIt() {
        let base = Self.file(swift: [100, 101, 99, 100.5, 99.5], c: [200, 202, 198, 201, 199])
        let slow = Self.file(swift: [36, 36.4, 35.6, 36.2, 35.8], c: [72, 72.7, 71.3, 72.4, 71.6])
        var report = RegressionCheck.compare(
            baseline: Controls.normalized(base).file, current: Controls.normalized(slow).file, thresholds: .defaults(tolerance: 0.05)
        )
        let median = Controls.medianDrift(Controls.drift(baseline: base, current: slow))!
        report.machineDrift = MachineDrift(median: median, limit: nil)
        #expect(report.passed, "reported, not gated, without --max-drift")
        report.machineDrift = MachineDrift(median: median, limit: 0.20)
        #expect(!report.passed && !report.hasRegression)
        #expect(report.table().contains("beyond --max-drift 20%"))
        #expect(report.summaryLine.contains("FAILED, the machine drifted"))
        #expect(report.markdown().contains("**Failed:** machine drift"))
        #expect(report.junit().contains("classname=\"machine\" name=\"control loops drift\">\n    <failure"))
        #expect(report.json().contains("\"fails\" : true") && report.json().contains("\"machineDrift\""))
        report.machineDrift = MachineDrift(median: 0.9, limit: 0.20)
        #expect(report.passed)
    }

    /// The Swift loop alone 10% slower, the machine unchanged: caught by a 5% normalized threshold.
    @Test func aSlowerSwiftLoopIsARegressionNormalized() {
        let base = Self.file(swift: [100, 101, 99, 100.5, 99.5], c: [200, 202, 198, 201, 199])
        let slow = Self.file(swift: [90, 90.9, 89.1, 90.45, 89.55], c: [200, 202, 198, 201, 199])
        let normalized = RegressionCheck.compare(
            baseline: Controls.normalized(base).file, current: Controls.normalized(slow).file, thresholds: .defaults(tolerance: 0.05)
        )
        #expect(normalized.hasRegression)
        #expect(normalized.comparisons.first { $0.metric == .messagesPerSecond }?.verdict == .regression)
    }

    @Test func cellsWithoutAControlAreLeftOutAndNamed() {
        let file = CheckTests.file("f", CheckTests.measurements(Self.cell, [1, 2, 3]))
        let (normalized, uncontrolled) = Controls.normalized(file)
        #expect(normalized.cells.isEmpty && uncontrolled == [Self.cell.id])
    }
}

import Foundation
import FoundationXML
@testable import SockBenchModel
@testable import SockBenchReport
@testable import SockBenchStats
@testable import SockBenchStore
@testable import SockBenchSession
import Testing

/// Synthetic baseline/current pairs: the comparison, thresholds, baseline files and outputs.
@Suite struct CheckTests {
    static let stream = Cell(transport: .unix, pattern: .stream, sizeBytes: 64)
    static let pingpong = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: true)
    static let udp = Cell(transport: .udp, pattern: .stream, sizeBytes: 64)

    /// One ok measurement per value, as msg/s (and RTT p99 in µs for ping-pong cells).
    static func measurements(_ cell: Cell, _ rates: [Double], p99: [Double]? = nil) -> [CellMeasurement] {
        rates.enumerated().map { index, rate in
            var m = CellMeasurement(cell: cell, repetition: index + 1)
            m.messagesPerSecond = rate
            m.megabytesPerSecond = rate * Double(cell.sizeBytes) / 1e6
            if let p99 {
                m.roundTrip = RoundTripSummary(minimum: 10, mean: 20, p50: 20, p90: 25, p99: p99[index], p999: 40, maximum: 50)
            }
            return m
        }
    }

    static func file(_ name: String, _ measurements: [CellMeasurement]) -> BaselineFile {
        BaselineFile(name: name, source: name, cells: [], measurements: measurements)
    }

    static func check(_ old: [CellMeasurement], _ new: [CellMeasurement], _ thresholds: Thresholds = .defaults()) -> CheckReport {
        RegressionCheck.compare(baseline: file("base", old), current: file("head", new), thresholds: thresholds)
    }

    static func line(_ report: CheckReport, _ metric: Metric?, _ cell: Cell = stream) -> MetricComparison? {
        report.comparisons.first { $0.cellID == cell.id && $0.metric == metric }
    }

    static let around100k: [Double] = [100_000, 101_000, 99_000, 100_500, 99_500]

    @Test func equalRunsPass() {
        let report = Self.check(Self.measurements(Self.stream, Self.around100k), Self.measurements(Self.stream, [100_200, 99_800, 100_900, 99_100, 100_000]))
        #expect(!report.hasRegression)
        #expect(report.comparisons.map(\.verdict) == [.ok, .ok])
        #expect(report.comparisons.map(\.metric) == [.messagesPerSecond, .megabytesPerSecond])
    }

    @Test func halvedThroughputIsARegression() throws {
        let report = Self.check(Self.measurements(Self.stream, Self.around100k), Self.measurements(Self.stream, [50_000, 50_500, 49_500, 50_200, 49_800]))
        let line = try #require(Self.line(report, .messagesPerSecond))
        #expect(line.verdict == .regression)
        #expect(abs(line.relativeChange! + 0.5) < 0.001)
        #expect(abs(line.pValue! - 2.0 / 252) < 1e-9)
        #expect(line.detail.contains("down 50.0%"))
        #expect(report.hasRegression)
        #expect(report.tally == "2 regressions")
    }

    @Test func doubledThroughputIsAnImprovementNotAFailure() {
        let report = Self.check(Self.measurements(Self.stream, Self.around100k), Self.measurements(Self.stream, Self.around100k.map { $0 * 2 }))
        #expect(report.count(.improvement) == 2)
        #expect(!report.hasRegression)
    }

    @Test func higherLatencyIsARegressionOfALowerIsBetterMetric() throws {
        let old = Self.measurements(Self.pingpong, Self.around100k, p99: [30, 31, 29, 30.5, 32])
        let new = Self.measurements(Self.pingpong, Self.around100k, p99: [60, 61, 59, 62, 60.5])
        let report = Self.check(old, new)
        #expect(try #require(Self.line(report, .roundTripP99, Self.pingpong)).verdict == .regression)
        #expect(try #require(Self.line(report, .messagesPerSecond, Self.pingpong)).verdict == .ok)
        #expect(Self.line(report, .roundTripMaximum, Self.pingpong) == nil, "rtt_max_us is not checked by default")
    }

    @Test func changeWithinNoiseIsNotFlagged() throws {
        let small = Self.check(Self.measurements(Self.stream, Self.around100k), Self.measurements(Self.stream, [97_000, 99_500, 95_000, 98_000, 96_500]))
        #expect(try #require(Self.line(small, .messagesPerSecond)).verdict == .ok)
        // Beyond the 10% tolerance, but the samples overlap: not shown to be real.
        let overlapping = Self.check(Self.measurements(Self.stream, [100_000, 70_000, 120_000, 90_000, 60_000]), Self.measurements(Self.stream, [75_000, 95_000, 65_000, 110_000, 80_000]))
        let line = try #require(Self.line(overlapping, .messagesPerSecond))
        #expect(line.verdict == .notSignificant)
        #expect(line.pValue! >= 0.01)
        #expect(!overlapping.hasRegression)
    }

    @Test func fewRepetitionsAreListedButNeverFlagged() throws {
        let report = Self.check(Self.measurements(Self.stream, [100_000, 101_000]), Self.measurements(Self.stream, [50_000, 50_500, 49_500, 50_200, 49_800]))
        let line = try #require(Self.line(report, .messagesPerSecond))
        #expect(line.verdict == .insufficientRepetitions)
        #expect(line.detail.contains("2 vs 5 repetitions"))
        #expect(report.markdown().contains("> **Note:** 2 change(s) beyond their threshold could not be tested: measure at least 5 repetitions"))
        #expect(!report.hasRegression)
        #expect(RegressionCheck.canShowSignificance(5, 5) && RegressionCheck.canShowSignificance(3, 9))
        #expect(!RegressionCheck.canShowSignificance(3, 3) && !RegressionCheck.canShowSignificance(4, 4) && !RegressionCheck.canShowSignificance(2, 25))
        #expect(RegressionCheck.repetitionsNeeded == 5)
    }

    @Test func missingNewAndFailedCellsAreListed() throws {
        let old = Self.measurements(Self.stream, Self.around100k) + Self.measurements(Self.pingpong, Self.around100k)
        var new = Self.measurements(Self.stream, Self.around100k) + Self.measurements(Self.udp, Self.around100k)
        new[0] = CellMeasurement(cell: Self.stream, repetition: 1, failure: "worker exited with signal 9")
        let report = Self.check(old, new)
        #expect(try #require(Self.line(report, nil, Self.pingpong)).verdict == .missingInCurrent)
        #expect(try #require(Self.line(report, nil, Self.udp)).verdict == .newInCurrent)
        let failed = try #require(Self.line(report, nil, Self.stream))
        #expect(failed.verdict == .failed)
        #expect(failed.detail == "1 of 5 repetitions failed: worker exited with signal 9")
        #expect(report.hasRegression)
    }

    @Test func absoluteAndRelativeLimitsMustBothBeExceeded() {
        let both = MetricThreshold(relative: 0.3, absolute: 5)
        #expect(!both.isExceeded(change: 4, base: 10), "40% but only 4 µs")
        #expect(!both.isExceeded(change: 6, base: 30), "6 µs but only 20%")
        #expect(both.isExceeded(change: 6, base: 10))
        #expect(MetricThreshold(absolute: 0).isExceeded(change: 1, base: 0))
        #expect(!MetricThreshold(relative: 0.1).isExceeded(change: 0, base: 0))
        #expect(both.description == "30% and 5.0000 absolute")
    }

    /// The repository's root, where the committed baselines live.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func committedBaselineKeepsItsMetricNamesByteForByte() throws {
        let path = "\(Self.repository)/baselines/ci/baseline.json"
        let data = try #require(FileManager.default.contents(atPath: path))
        let file = try BaselineFile.decode(data, path: path)
        #expect(try file.json() == String(decoding: data, as: UTF8.self), "typed metrics encode to the same keys")
        let metrics = try #require(file.cells.first?.metrics)
        #expect(metrics[.messagesPerSecond] != nil)
        #expect(Set(metrics.keys).isSubset(of: Metric.allCases))
    }

    /// Columns are appended, never reordered or removed: the committed baseline's header is where
    /// today's begins (later columns, such as idle, follow it).
    @Test func summaryColumnsStayAsCommitted() throws {
        let text = try String(contentsOfFile: "\(Self.repository)/baselines/ci/summary.csv", encoding: .utf8)
        let committed = try #require(CSV.parse(text).first)
        #expect(Array(SummaryCSV.columns.prefix(committed.count)) == committed)
        #expect(SummaryCSV.columns.contains("msg_per_s_median") && SummaryCSV.columns.contains("lost_cv"))
    }

    @Test func metricsKnowTheirPolarityAndUnit() {
        #expect(Metric.allCases.filter(\.higherIsBetter) == [.messagesPerSecond, .megabytesPerSecond, .roundTripsPerSecond])
        #expect(Metric(rawValue: "rtt_p99_us") == .roundTripP99 && Metric.roundTripP99.unit == "µs")
        #expect(Metric(rawValue: "msg_per_sec") == nil)
        var m = CellMeasurement(cell: Self.stream, repetition: 1)
        m.lost = 3
        m.roundTrip = RoundTripSummary(minimum: 1, mean: 2, p50: 2, p90: 3, p99: 4, p999: 5, maximum: 6)
        #expect(Metric.lost.value(in: m) == 3 && Metric.roundTripP999.value(in: m) == 5 && Metric.messagesPerSecond.value(in: m) == nil)
    }

    @Test func wholeCellVerdictsShowAsStatus() {
        let report = Self.check(Self.measurements(Self.pingpong, Self.around100k), Self.measurements(Self.stream, Self.around100k))
        #expect(report.comparisons.map(\.metric) == [nil, nil])
        // Tables show the axes that vary between cells only (issue 13); JUnit keeps full ids.
        #expect(report.table().contains("tcp/pingpong/nodelay=on  status"))
        #expect(report.junit().contains("name=\"status\""))
        #expect(report.markdown().contains("- `tcp/pingpong/nodelay=on` — missing in current"))
    }

    @Test func thresholdsFileReplacesAndSkips() throws {
        let yaml = """
        metrics:
          msg_per_s: {relative: 5%}
          rtt_p99_us: {relative: 30%, absolute: 5}
          rtt_max_us: {relative: 100%}
        skip: [rtt_p999_us, lost]
        """
        let thresholds = try Thresholds.parse(yaml, source: "t.yaml", tolerance: 0.2)
        #expect(thresholds.threshold(for: .messagesPerSecond) == MetricThreshold(relative: 0.05))
        #expect(thresholds.threshold(for: .megabytesPerSecond) == MetricThreshold(relative: 0.2), "--tolerance applies where the file is silent")
        #expect(thresholds.threshold(for: .roundTripP99) == MetricThreshold(relative: 0.3, absolute: 5))
        #expect(thresholds.threshold(for: .roundTripMaximum) == MetricThreshold(relative: 1))
        #expect(thresholds.threshold(for: .roundTripP999) == nil)
        #expect(thresholds.threshold(for: .lost) == nil)
        #expect(try Thresholds.parse("", source: "empty.yaml") == .defaults())
    }

    @Test(arguments: [
        ("metrics:\n  msg_per_s: {relative: 10}\n", "t.yaml:2:25: 'msg_per_s.relative' must be a percentage such as 10%, not '10'"),
        ("metrics:\n  msg_per_s: {relatve: 10%}\n", "t.yaml:2:15: unknown key 'relatve' in 'msg_per_s'; expected relative or absolute"),
        ("metrics:\n  rtt_p99_us: {absolute: -1}\n", "t.yaml:2:26: 'rtt_p99_us.absolute' must be a number of at least 0 in the metric's unit, not '-1'"),
        ("skip: [rtt_p42_us]\n", "t.yaml:1:8: unknown metric 'rtt_p42_us'"),
        ("tolerance: 5%\n", "t.yaml:1:1: unknown key 'tolerance'; expected metrics or skip"),
        ("metrics:\n  msg_per_s: {relative: 5%}\nskip: [msg_per_s]\n", "t.yaml:3:8: 'msg_per_s' is both given a threshold and skipped"),
    ])
    func thresholdsErrorsNameLineAndColumn(yaml: String, message: String) {
        #expect {
            try Thresholds.parse(yaml, source: "t.yaml")
        } throws: { error in
            guard let error = error as? ReportError, case .invalid(let text) = error else { return false }
            return text.hasPrefix(message) && error.exitStatus == .usage
        }
    }

    @Test func brokenYAMLNamesTheLine() {
        #expect {
            try Thresholds.parse("metrics:\n  msg_per_s: {relative: 5%\n", source: "t.yaml")
        } throws: { error in
            guard case .invalid(let text)? = error as? ReportError else { return false }
            return text.hasPrefix("t.yaml: not valid YAML") && text.contains("3:")
        }
    }

    @Test func junitIsXMLAndNamesTheFailingCell() throws {
        var new = Self.measurements(Self.stream, Self.around100k.map { $0 / 2 }) + Self.measurements(Self.udp, Self.around100k)
        new[5] = CellMeasurement(cell: Self.udp, repetition: 1, failure: "recv: <bad> & \"worse\" \u{1}")
        let report = Self.check(Self.measurements(Self.stream, Self.around100k) + Self.measurements(Self.udp, Self.around100k), new)
        let document = try XMLDocument(data: Data(report.junit().utf8))
        let suite = try #require(document.rootElement())
        #expect(suite.name == "testsuite")
        #expect(suite.attribute(forName: "failures")?.stringValue == "3")
        let failing = try suite.nodes(forXPath: "testcase[failure]").compactMap { $0 as? XMLElement }
        #expect(failing.compactMap { $0.attribute(forName: "classname")?.stringValue }.sorted() == [Self.udp.id, Self.stream.id, Self.stream.id])
        let message = try #require(failing.first { $0.attribute(forName: "classname")?.stringValue == Self.udp.id }?.elements(forName: "failure").first?.attribute(forName: "message")?.stringValue)
        #expect(message == "1 of 5 repetitions failed: recv: <bad> & \"worse\" \u{FFFD}")
    }

    @Test func markdownAndTableSummarize() {
        let report = Self.check(Self.measurements(Self.stream, Self.around100k) + Self.measurements(Self.pingpong, Self.around100k), Self.measurements(Self.stream, Self.around100k.map { $0 / 2 }))
        let markdown = report.markdown()
        #expect(markdown.hasPrefix("### sockbench check: regression found\n\n2 regressions, 1 missing in current. Baseline `base`, current `head`.\n"))
        // Cell ids show only the axes that vary (transport, pattern, nodelay); the rest is said once.
        #expect(markdown.contains("Every cell: `64B/snd=default/rcv=default/blocking/cpu=none/pairs=1`."))
        #expect(markdown.contains("| `unix/stream/nodelay=na` | msg_per_s | 100000.0 | 50000.0 | -50.0% | 0.0079 | **regression** |"))
        #expect(markdown.contains("- `tcp/pingpong/nodelay=on` — missing in current"))
        #expect(markdown.contains("<details><summary>All 3 comparisons</summary>"))
        let table = report.table()
        #expect(table.hasPrefix("cell"))
        #expect(table.hasSuffix("check REGRESSION: 2 regressions, 1 missing in current (2 cells; baseline base, current head)\n"))
    }

    @Test func whatCannotBeCheckedFailsUnlessAllowed() throws {
        // 2 vs 5 repetitions, halved: beyond the threshold but untestable; the ping-pong cell is missing.
        let old = Self.measurements(Self.stream, [100_000, 101_000]) + Self.measurements(Self.pingpong, Self.around100k)
        var report = Self.check(old, Self.measurements(Self.stream, [50_000, 50_500, 49_500, 50_200, 49_800]))
        #expect(!report.hasRegression && !report.passed)
        #expect(report.uncheckedLines.count == 3, "\(report.uncheckedLines)")
        #expect(report.uncheckedLines.contains { $0.hasPrefix("missing: tcp/pingpong/nodelay=on: ") && $0.hasSuffix("(--allow-missing accepts this)") })
        #expect(report.summaryLine.hasPrefix("check FAILED, could not check everything: 2 insufficient repetitions, 1 missing in current"))
        let junit = try XMLDocument(data: Data(report.junit().utf8)).rootElement()
        #expect(junit?.attribute(forName: "failures")?.stringValue == "3" && junit?.attribute(forName: "skipped")?.stringValue == "0")
        report.allowMissing = true
        #expect(!report.passed && report.uncheckedLines.count == 2)
        report.allowUndecided = true
        #expect(report.passed && report.uncheckedLines.isEmpty)
        #expect(report.summaryLine.hasPrefix("check no regression"))
        let allowed = try XMLDocument(data: Data(report.junit().utf8)).rootElement()
        #expect(allowed?.attribute(forName: "failures")?.stringValue == "0" && allowed?.attribute(forName: "skipped")?.stringValue == "3")
        let json = report.json()
        #expect(json.contains("\"passed\" : true"))
        #expect(json.contains("\"pValue\" : null"), "a missing value is null")
    }

    @Test func shortIDsKeepOnlyTheVaryingAxes() {
        let ids = ShortCellIDs([Self.stream.id, Self.pingpong.id, Self.udp.id])
        #expect(ids[id: Self.stream.id] == "unix/stream/nodelay=na")
        #expect(ids[id: Self.pingpong.id] == "tcp/pingpong/nodelay=on")
        #expect(ids.common == "64B/snd=default/rcv=default/blocking/cpu=none/pairs=1")
        let one = ShortCellIDs([Self.stream.id])
        #expect(one[id: Self.stream.id] == "unix/stream/64B", "one cell keeps transport, pattern and size")
        #expect(ShortCellIDs(["a/b", "a/b/batch=8"])[id: "a/b/batch=8"] == "batch=8")
        // An optional part only some cells have: the others say "default", never an empty label,
        // and the parts after it still line up by axis.
        let writes = ShortCellIDs(["unix/rr/idle=poll", "unix/rr/writes=2/idle=poll", "tcp/rr/writes=2/idle=os"])
        #expect(writes[id: "unix/rr/idle=poll"] == "unix/writes=default/idle=poll")
        #expect(writes[id: "tcp/rr/writes=2/idle=os"] == "tcp/writes=2/idle=os")
        #expect(writes.common == "rr")
        #expect(ids[id: "other"] == "other")
    }

    @Test func hostDifferencesAreWarnedAbout() {
        let host = HostInfo.current()
        var other = host
        other.kernel = "Linux 0.0.1"
        other.sysctls["net.core.rmem_max"] = "1"
        #expect(RegressionCheck.hostWarnings(baseline: host, current: host).isEmpty)
        let warnings = RegressionCheck.hostWarnings(baseline: host, current: other)
        #expect(warnings.count == 2)
        #expect(warnings[0].hasPrefix("different kernels (baseline '\(host.kernel)', current 'Linux 0.0.1')"))
        #expect(warnings[1].hasPrefix("different sysctl net.core.rmem_max"))
        #expect(RegressionCheck.hostWarnings(baseline: nil, current: host).count == 1)
    }
}

/// Baselines on disk: saved from a real run directory, found by name or path, refused when broken.
@Suite struct BaselineCheckTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("sockbench-check-\(UUID().uuidString)").path

    /// A complete run directory with 5 repetitions of one unix stream cell.
    func makeRun(_ name: String, rates: [Double] = CheckTests.around100k, state: RunMetadata.State = .complete) throws -> String {
        let path = "\(root)/\(name)"
        let directory = try RunDirectory.create(at: path)
        for m in CheckTests.measurements(CheckTests.stream, rates) { try directory.record(m) }
        let axes = MatrixAxes(transports: [.unix], patterns: [.stream], sizes: [64])
        var metadata = RunMetadata(name: name, commandLine: ["test"], axes: axes, settings: MeasurementSettings(), repetitions: rates.count, seed: 1, plan: Matrix.expand(axes), host: HostInfo.current())
        metadata.state = state
        try directory.writeMetadata(metadata)
        return path
    }

    func write(_ text: String, _ path: String) throws {
        try FileOutput.makeDirectory((path as NSString).deletingLastPathComponent)
        try FileOutput.writeAtomically(text, to: path)
    }

    @Test func saveWritesAVersionedDiffFriendlyBaseline() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try makeRun("run1")
        let saved = try Baselines.save(run: run, name: "demo", into: "\(root)/baselines")
        #expect(saved.directory == "\(root)/baselines/demo")
        for file in ["baseline.json", "run.json", "summary.csv"] {
            #expect(FileManager.default.fileExists(atPath: "\(saved.directory)/\(file)"), "\(file)")
        }
        let json = try String(contentsOfFile: "\(saved.directory)/baseline.json", encoding: .utf8)
        #expect(json.contains("\"format\" : \"sockbench-baseline\""))
        #expect(json.contains("\"version\" : 1"))
        #expect(json.contains("\"id\" : \"\(CheckTests.stream.id)\""), "slashes are not escaped")
        #expect(json.contains("\"values\" : [\n            100000,\n            101000,"), "values in repetition order")

        let loaded = try Baselines.resolve("demo", root: "\(root)/baselines")
        #expect(loaded.cells.count == 1)
        #expect(loaded.cells[0].metrics[.messagesPerSecond]?.median == 100_000)
        #expect(loaded.host?.hostname == HostInfo.current().hostname)
        let listing = Baselines.list(in: "\(root)/baselines")
        #expect(listing.map(\.name) == ["demo"] && listing[0].cells == 1 && listing[0].problem == nil)

        #expect(throws: ReportError.self) { try Baselines.save(run: run, name: "demo", into: "\(root)/baselines") }
        #expect(try Baselines.save(run: run, name: "demo", into: "\(root)/baselines", replace: true).baseline.name == "demo")
    }

    @Test func aRunDirectoryCanBeTheBaseline() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let old = try Baselines.resolve(try makeRun("old"), root: "\(root)/none")
        let new = try Baselines.open(try makeRun("new", rates: CheckTests.around100k.map { $0 / 2 }))
        let report = RegressionCheck.compare(baseline: old, current: new, thresholds: .defaults())
        #expect(report.hasRegression)
        #expect(report.hostWarnings.isEmpty)
    }

    @Test func unfinishedRunIsNotSaved() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try makeRun("cut", state: .interrupted)
        #expect(throws: ReportError.invalid("\(run) is not complete (state interrupted); finish it with: sockbench run --resume \(run)")) {
            try Baselines.save(run: run, name: "x", into: "\(root)/baselines")
        }
    }

    @Test func missingBaselineIsNotFound() {
        #expect {
            try Baselines.resolve("nope", root: "\(root)/baselines")
        } throws: { error in
            (error as? ReportError)?.exitStatus == .inputNotFound && "\(error)".contains("no baseline named 'nope'")
        }
    }

    @Test(arguments: [
        ("{ not json", "is not valid JSON"),
        (#"{"format": "sockbench-baseline", "version": 2}"#, "has baseline format version 2; this sockbench reads version 1"),
        (#"{"format": "sockbench-baseline", "version": 1, "name": "x", "source": "y", "cells": [{"id": 3}]}"#, "baseline.json: field 'cells[0].id' must be a string"),
        (#"{"format": "sockbench-baseline", "version": 1, "name": "x", "cells": []}"#, "baseline.json: field 'source' is missing"),
    ])
    func malformedBaselineIsRejected(text: String, message: String) throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write(text, "\(root)/baselines/bad/baseline.json")
        #expect {
            try Baselines.resolve("bad", root: "\(root)/baselines")
        } throws: { error in
            (error as? ReportError)?.exitStatus == .malformedInput && "\(error)".contains(message)
        }
        #expect(Baselines.list(in: "\(root)/baselines").first?.problem?.contains(message) == true)
    }

    /// Ways a baseline.json can hold what no run writes (edited by hand, damaged): each is refused
    /// with 65 and a line naming the file, the cell and the field. Before, all were compared.
    enum Damage: String, CaseIterable { case negativeValue, negativeMedian, emptyValues, duplicateCell, noCells }

    @Test(arguments: Damage.allCases)
    func aBaselineNoRunCouldWriteIsRejected(damage: Damage) throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let saved = try Baselines.save(run: try makeRun("run1"), name: "main", into: "\(root)/baselines")
        let path = "\(saved.directory)/baseline.json"
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var cells = try #require(object["cells"] as? [[String: Any]])
        var metrics = try #require(cells[0]["metrics"] as? [String: Any])
        var rate = try #require(metrics["msg_per_s"] as? [String: Any])
        let id = CheckTests.stream.id
        let expected: String
        switch damage {
        case .negativeValue:
            rate["values"] = [100_000, -3, 99_000]
            expected = "cell '\(id)': field 'metrics.msg_per_s.values[1]' is negative (-3)"
        case .negativeMedian:
            rate["median"] = -1.5
            expected = "cell '\(id)': field 'metrics.msg_per_s.median' is negative (-1.5)"
        case .emptyValues:
            rate["values"] = [Double]()
            expected = "cell '\(id)': field 'metrics.msg_per_s.values' is empty (a metric needs one value per repetition)"
        case .duplicateCell:
            expected = "cell '\(id)' appears twice (field 'cells[0].id' and 'cells[1].id')"
        case .noCells:
            expected = "holds no cells (a baseline needs at least one measured cell)"
        }
        metrics["msg_per_s"] = rate
        cells[0]["metrics"] = metrics
        if damage == .duplicateCell { cells.append(cells[0]) }
        object["cells"] = damage == .noCells ? [] : cells
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        #expect(throws: ReportError.malformed("\(path): \(expected)")) { try Baselines.resolve("main", root: "\(root)/baselines") }
        #expect(Baselines.list(in: "\(root)/baselines").first?.problem == "\(path): \(expected)")
    }

    /// run.json is read by one decoder that names the file and field in plain words; before, the
    /// line was Swift's DecodingError dump (typeMismatch(Swift.Int, Swift.DecodingError.Context(...))).
    @Test(arguments: [
        ("axes.sizes", #"["abc"]"#, "field 'axes.sizes[0]' must be a whole number"),
        ("seed", #""x""#, "field 'seed' must be a whole number"),
        ("state", #""paused""#, "field 'state' has a value this sockbench does not know"),
        ("name", "null", "field 'name' must be a string, not null"),
        ("cells", "{}", "field 'cells' must be a list"),
        ("startTime", "", "field 'startTime' is missing"),
    ])
    func aBadRunJSONNamesFileAndField(key: String, value: String, message: String) throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try makeRun("run1")
        let path = "\(run)/run.json"
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let parts = key.split(separator: ".").map(String.init)
        let replacement: Any? = value.isEmpty ? nil : try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        if parts.count == 2 {
            var inner = try #require(object[parts[0]] as? [String: Any])
            inner[parts[1]] = replacement
            object[parts[0]] = inner
        } else {
            object[key] = replacement
        }
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        #expect(throws: ReportError.malformed("\(path): \(message)")) { try RunDirectory.open(run).readMetadata() }
    }

    @Test func malformedMeasurementsAreRejected() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("transport,pattern\nunix,stream\n", "\(root)/run/measurements.csv")
        #expect(throws: ReportError.malformed("\(root)/run/measurements.csv header does not match this version of sockbench")) {
            try Baselines.open("\(root)/run")
        }
    }
}

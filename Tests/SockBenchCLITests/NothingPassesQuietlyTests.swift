import Foundation
@testable import SockBenchModel
@testable import SockBenchStats
@testable import SockBenchStore
import Testing

/// Issue #23, "Nothing wrong passes quietly": a check with nothing to compare, a resume of a
/// directory another command made, an output path found bad only after measuring, and a cut-off or
/// binary measurements.csv each end in one line and the right exit status.
@Suite(.serialized) struct NothingPassesQuietlyTests {
    static let cell = Cell(transport: .unix, pattern: .stream, sizeBytes: 64)

    /// A run directory written through the library: `rates` as rows (none: an interrupted run that
    /// never finished a measurement), with `commandLine` recorded as the command that made it.
    static func makeRun(
        _ path: String, rates: [Double], state: RunMetadata.State, commandLine: [String] = ["/usr/bin/sockbench", "run"]
    ) throws {
        let directory = try RunDirectory.create(at: path)
        for (index, rate) in rates.enumerated() {
            var m = CellMeasurement(cell: cell, repetition: index + 1)
            m.messagesPerSecond = rate
            m.megabytesPerSecond = rate * 64 / 1e6
            try directory.record(m)
        }
        let axes = MatrixAxes(transports: [.unix], patterns: [.stream], sizes: [64])
        var metadata = RunMetadata(
            name: (path as NSString).lastPathComponent, commandLine: commandLine, axes: axes, settings: MeasurementSettings(),
            repetitions: 5, seed: 1, plan: Matrix.expand(axes), host: HostInfo.current()
        )
        metadata.state = state
        if state == .complete {
            try directory.writeSummary(Summaries.make(cells: metadata.cells, measurements: try directory.measurements()))
        }
        try directory.writeMetadata(metadata)
    }

    static func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }

    // Item 2. Before: "check no regression: 1 new in current", exit 0.
    @Test func aCheckWithNothingToCompareFails() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let empty = root + "/empty", full = root + "/full", other = root + "/other"
        try Self.makeRun(empty, rates: [], state: .interrupted)
        try Self.makeRun(full, rates: [100_000, 101_000, 99_000, 100_500, 99_500], state: .complete)
        try Self.makeRun(other, rates: [], state: .complete)
        // `other` holds a cell of another size: no cell in common with `full`.
        let otherCell = Cell(transport: .unix, pattern: .stream, sizeBytes: 1024)
        var m = CellMeasurement(cell: otherCell, repetition: 1)
        m.messagesPerSecond = 1
        try RunDirectory.open(other).record(m)

        let cases: [(baseline: String, current: String, says: String)] = [
            (empty, full, "cannot check: the baseline \(empty) holds no measured cell"),
            (full, empty, "cannot check: the current run \(empty) holds no measured cell"),
            (empty, empty, "cannot check: the baseline \(empty) holds no measured cell"),
            (full, other, "cannot check: no cell of the baseline \(full) is in the current run \(other)"),
        ]
        for (baseline, current, says) in cases {
            for extra in [[], ["--allow-missing"]] {
                let check = try CLIProcess.run(["check", "--baseline", baseline, "--current", current, "--no-report"] + extra)
                #expect(check.status == 1, "\(baseline) vs \(current) \(extra): \(check.stdout)\(check.stderr)")
                #expect(Self.lines(check.stderr).count == 1, "one line: \(check.stderr)")
                #expect(check.stderr.hasPrefix("sockbench: " + says), "\(check.stderr)")
                #expect(!check.stdout.contains("no regression"), "\(check.stdout)")
            }
        }
    }

    // Item 3. Before: resume measured the load's start-rate cells and marked the run complete.
    @Test func resumeRefusesDirectoriesOtherCommandsMade() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let made: [(command: String, line: [String])] = [
            ("load", ["/x/.build/release/sockbench", "load", "--transport", "unix", "--output", root + "/load"]),
            ("calibrate", ["/x/sockbench", "calibrate", "--transport", "unix", "--size", "64", "--output=" + root + "/calibrate"]),
            ("reproduce", ["sockbench", "reproduce", "--budget", "30s"]),
        ]
        for (command, line) in made {
            let path = root + "/" + command
            try Self.makeRun(path, rates: [90_000], state: .running, commandLine: line)
            let rerun = "sockbench " + line.dropFirst().filter { !$0.hasPrefix("--output") && $0 != root + "/load" }.joined(separator: " ")
            let before = try Data(contentsOf: URL(fileURLWithPath: path + "/measurements.csv"))
            for extra in [[], ["--dry-run"]] {
                let resume = try CLIProcess.run(["run", "--resume", path, "--quiet"] + extra)
                #expect(resume.status == 64, "\(command) \(extra): \(resume.stderr)")
                #expect(Self.lines(resume.stderr).count == 1, "one line: \(resume.stderr)")
                #expect(resume.stderr.hasPrefix("sockbench: \(path) was made by `sockbench \(command)`, which run --resume cannot finish"), "\(resume.stderr)")
                #expect(resume.stderr.contains("start it again with: \(rerun) (a new run directory; \(path) is left as it is)"), "\(resume.stderr)")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/measurements.csv")) == before, "nothing measured")
            #expect(try RunDirectory.open(path).readMetadata().state == .running)
            // report: the directory has rows but no summary.csv; it names the command to rerun, not run --resume.
            let report = try CLIProcess.run(["report", path])
            #expect(report.status == 66, "\(report.stderr)")
            #expect(report.stderr.contains("start it again with: \(rerun)") && !report.stderr.contains("--resume"), "\(report.stderr)")
        }
    }

    // Item 8. Before: reproduce measured for its whole budget, then failed with 74.
    @Test func reproducePlotsPathIsCheckedBeforeMeasuring() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let file = root + "/file"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        for (index, (plots, says)) in [(file, "\(file) exists and is not a directory"), (file + "/sub", "cannot create directory \(file)/sub: \(file) is not a directory")].enumerated() {
            let output = root + "/run\(index)"
            let result = try CLIProcess.run([
                "reproduce", "--plots", plots, "--output", output, "--budget", "5s", "--slots", "1",
                "--duration", "10ms", "--warmup", "0ms", "--quiet", "--no-report",
            ])
            #expect(result.status == 74, "\(plots): \(result.stderr)")
            #expect(result.stderr == "sockbench: \(says)\n", "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output), "nothing measured")
        }
    }

    // Item 12. Before: check and report dropped the cut-off row's cell silently and plot accepted it;
    // binary garbage was 66 "cannot read".
    @Test func aCutOffOrBinaryMeasurementsFileIsMalformedForEveryReader() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let good = root + "/good"
        try Self.makeRun(good, rates: [100_000, 101_000, 99_000, 100_500, 99_500], state: .complete)
        #expect(try CLIProcess.run(["report", good]).status == 0)

        let cut = root + "/cut"
        try FileManager.default.copyItem(atPath: good, toPath: cut)
        let csv = cut + "/measurements.csv"
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        try String(text.dropLast(40)).write(toFile: csv, atomically: true, encoding: .utf8)
        let cutLine = "sockbench: \(csv) line 6 is cut off (the row has no end of line); the run had ended, so the file was damaged afterwards; restore it from a copy or measure again\n"
        for arguments in [["check", "--baseline", good, "--current", cut], ["check", "--baseline", cut, "--current", good], ["report", cut], ["plot", cut, "--output", root + "/plots"]] {
            let result = try CLIProcess.run(arguments)
            #expect(result.status == 65, "\(arguments): \(result.stdout)\(result.stderr)")
            #expect(result.stderr == cutLine, "\(arguments): \(result.stderr)")
        }

        let binary = root + "/binary"
        try FileManager.default.copyItem(atPath: good, toPath: binary)
        var bytes = Array(MeasurementCSV.header.utf8)
        bytes += [0xFF, 0xFE, 0x00, 0x80, 0x41, 0x0A]
        try Data(bytes).write(to: URL(fileURLWithPath: binary + "/measurements.csv"))
        for arguments in [["check", "--baseline", good, "--current", binary], ["report", binary], ["plot", binary, "--output", root + "/plots"]] {
            let result = try CLIProcess.run(arguments)
            #expect(result.status == 65, "\(arguments): \(result.stderr)")
            #expect(Self.lines(result.stderr).count == 1 && result.stderr.contains("\(binary)/measurements.csv is not text"), "\(arguments): \(result.stderr)")
        }
    }

    // Item 12, resume: an unfinished run's cut-off row is dropped with a warning and measured again.
    @Test func resumeDropsACutOffRowAndMeasuresItAgain() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let output = root + "/run"
        let run = try CLIProcess.run([
            "run", "--transport", "unix", "--pattern", "stream", "--size", "64", "--cpu", "same", "--repetitions", "2",
            "--duration", "50ms", "--warmup", "10ms", "--seed", "3", "--quiet", "--no-report", "--output", output,
        ])
        try #require(run.status == 0, "\(run.stderr)")
        let csv = output + "/measurements.csv"
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try #require(rows.count == 4, "header, 2 rows, end")
        // The second row cut short, as a crash while writing it would leave it; the run marked interrupted.
        try (rows[0] + "\n" + rows[1] + "\n" + rows[2].prefix(30)).write(toFile: csv, atomically: true, encoding: .utf8)
        var metadata = try RunDirectory.open(output).readMetadata()
        metadata.state = .interrupted
        try RunDirectory.open(output).writeMetadata(metadata)

        let report = try CLIProcess.run(["report", output])
        #expect(report.status == 65, "\(report.stderr)")
        #expect(report.stderr == "sockbench: \(csv) line 3 is cut off (the row has no end of line); the run was not finished; finish it with: sockbench run --resume \(output), which drops the row and measures it again\n", "\(report.stderr)")

        let resume = try CLIProcess.run(["run", "--resume", output, "--quiet", "--no-report"])
        #expect(resume.status == 0, "\(resume.stderr)")
        #expect(resume.stderr.contains("warning: \(csv) line 3 was cut off"), "\(resume.stderr)")
        let all = try RunDirectory.open(output).measurements()
        #expect(all.map(\.repetition).sorted() == [1, 2], "the cut row measured again, once")
        #expect(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix(rows[0] + "\n" + rows[1] + "\n"), "the whole rows kept as they were")
    }
}

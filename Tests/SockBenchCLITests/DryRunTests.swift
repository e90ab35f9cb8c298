import Foundation
@testable import SockBenchStore
import Testing

/// A dry run measures nothing and writes nothing, whatever else is given, and says what the real
/// run would do; --resume keeps its matrix; --output refuses a directory that holds other files.
@Suite(.serialized) struct DryRunTests {
    static let quick = ["--transport", "unix", "--pattern", "pingpong", "--duration", "50ms", "--warmup", "10ms", "--quiet"]

    /// A real run of 2 measurements, then cut back to 1 and marked interrupted, as Ctrl-C leaves it.
    static func interruptedRun(at path: String) throws {
        let real = try CLIProcess.run(["run"] + quick + ["--repetitions", "2", "--seed", "11", "--output", path])
        try #require(real.status == 0, "\(real.stderr)")
        let csv = try String(contentsOfFile: path + "/measurements.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        try lines.prefix(2).joined(separator: "\n").appending("\n").write(toFile: path + "/measurements.csv", atomically: true, encoding: .utf8)
        let directory = try RunDirectory.open(path)
        var metadata = try directory.readMetadata()
        metadata.state = .interrupted
        try directory.writeMetadata(metadata)
    }

    @Test func resumeDryRunMeasuresNothing() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let run = scratch + "/run"
        try Self.interruptedRun(at: run)
        let before = try Data(contentsOf: URL(fileURLWithPath: run + "/measurements.csv"))

        let dry = try CLIProcess.run(["run", "--resume", run, "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("1 of 2 measurements done, 1 to measure, seed 11"), "\(dry.stdout)")
        #expect(dry.stdout.contains("dry run: nothing measured"))
        // Before, the dry run resumed and completed the run.
        #expect(try Data(contentsOf: URL(fileURLWithPath: run + "/measurements.csv")) == before)
        #expect(try RunDirectory.open(run).readMetadata().state == .interrupted)

        // The real resume then does what the dry run said.
        let real = try CLIProcess.run(["run", "--resume", run, "--quiet"])
        #expect(real.status == 0, "\(real.stderr)")
        #expect(try RunDirectory.open(run).measurements().count == 2)
        // A complete run cannot be resumed, and its dry run says so the same way.
        let done = try CLIProcess.run(["run", "--resume", run, "--dry-run"])
        #expect(done.status == 64)
        #expect(done.stderr.hasPrefix("sockbench: ") && done.stderr.contains("already complete"), "\(done.stderr)")
    }

    @Test func resumeRefusesOptionsItWouldIgnore() throws {
        let cases: [([String], String)] = [
            (["--size", "64"], "a resumed run keeps its matrix; drop --size"),
            (["--transport", "tcp", "--dry-run"], "a resumed run keeps its matrix; drop --transport"),
            (["--preset", "quick"], "a resumed run keeps its matrix; drop --preset"),
            (["--spec", "x.yaml"], "a resumed run keeps its matrix; drop --spec"),
            (["--duration", "1s"], "a resumed run keeps its measurement settings; drop --duration"),
            (["--seed", "3"], "a resumed run keeps its measurement settings; drop --seed"),
            (["--output", "/tmp/elsewhere"], "a resumed run stays in /nonexistent/run under its own name; drop --output"),
        ]
        for (options, message) in cases {
            // The directory need not exist: the options are refused first, before anything is read.
            let result = try CLIProcess.run(["run", "--resume", "/nonexistent/run"] + options)
            #expect(result.status == 64, "\(options): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").first == Substring("sockbench: " + message), "\(options): \(result.stderr)")
        }
    }

    @Test func dryRunReportsAnOutputThatHoldsARunAndWritesNothing() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let run = scratch + "/run"
        #expect(try CLIProcess.run(["run"] + Self.quick + ["--repetitions", "1", "--output", run]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: run + "/measurements.csv"))
        let dry = try CLIProcess.run(["run"] + Self.quick + ["--repetitions", "1", "--output", run, "--dry-run"])
        #expect(dry.status == 74, "the real run would refuse: \(dry.stderr)")
        #expect(dry.stdout.contains("plan: 1 cells"))
        #expect(dry.stderr.contains("sockbench: \(run) already holds a run"), "\(dry.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: run + "/measurements.csv")) == before)

        let fresh = scratch + "/fresh/deeper"
        let ok = try CLIProcess.run(["run"] + Self.quick + ["--output", fresh, "--dry-run"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("output: \(fresh) (a new directory)"))
        #expect(!FileManager.default.fileExists(atPath: scratch + "/fresh"), "a dry run creates nothing")
    }

    @Test func dryRunTellsTheSeedTheRealRunUses() throws {
        let drawn = try CLIProcess.run(["run"] + Self.quick + ["--dry-run"])
        #expect(drawn.status == 0)
        // Before, it printed a random seed that the real run then did not use.
        #expect(drawn.stdout.contains("seed drawn at run time"), "\(drawn.stdout)")
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let fixed = try CLIProcess.run(["run"] + Self.quick + ["--repetitions", "1", "--seed", "42", "--dry-run", "--output", scratch + "/run"])
        #expect(fixed.stdout.contains("seed 42"))
        let real = try CLIProcess.run(["run"] + Self.quick + ["--repetitions", "1", "--seed", "42", "--output", scratch + "/run"])
        #expect(real.status == 0)
        #expect(try RunDirectory.open(scratch + "/run").readMetadata().seed == 42)
    }

    @Test func outputRefusesADirectoryHoldingOtherFiles() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let notes = scratch + "/notes"
        try FileManager.default.createDirectory(atPath: notes, withIntermediateDirectories: true)
        try "keep me\n".write(toFile: notes + "/todo.txt", atomically: true, encoding: .utf8)
        let result = try CLIProcess.run(["run"] + Self.quick + ["--repetitions", "1", "--output", notes])
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr == "sockbench: \(notes) is not empty and holds no sockbench run (1 entry, such as todo.txt); choose a new or empty --output directory\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: notes) == ["todo.txt"], "nothing written into it")
        // An empty directory is fine.
        let empty = scratch + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(try CLIProcess.run(["run"] + Self.quick + ["--repetitions", "1", "--output", empty]).status == 0)
    }

}

/// One spelling of the baselines directory option, and one error prefix.
@Suite struct NamingTests {
    @Test func baselinesOptionIsSpelledTheSameEverywhere() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let run = scratch + "/run"
        #expect(try CLIProcess.run(["run"] + DryRunTests.quick + ["--repetitions", "1", "--output", run]).status == 0)
        let save = try CLIProcess.run(["baseline", "save", run, "--name", "b", "--baselines", scratch + "/store"])
        #expect(save.status == 0, "\(save.stderr)")
        #expect(FileManager.default.fileExists(atPath: scratch + "/store/b/baseline.json"))
        let list = try CLIProcess.run(["baseline", "list", "--baselines", scratch + "/store"])
        #expect(list.stdout.contains("b "), "\(list.stdout)")
        // The old spelling still works but is no longer shown.
        #expect(try CLIProcess.run(["baseline", "save", run, "--name", "c", "--into", scratch + "/store"]).status == 0)
        let help = try CLIProcess.run(["baseline", "save", "--help"])
        #expect(help.stdout.contains("--baselines") && !help.stdout.contains("--into"))
        // Every error has the same prefix, argument-parser's included.
        let unknown = try CLIProcess.run(["baseline", "save", run, "--colour", "red"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("sockbench: "), "\(unknown.stderr)")
    }
}

import Foundation
@testable import SockBenchModel
@testable import SockBenchStore
import Testing

/// `run --compare AXIS=A,B` through the real CLI: paired slots, compare.csv and its pairs.
@Suite(.serialized) struct CompareCLITests {
    @Test func comparingTransportsPairsEveryCombinationSlotBySlot() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let run = try CLIProcess.run([
            "run", "--compare", "transport=unix,tcp", "--pattern", "pingpong", "--size", "64", "--nodelay", "on,off",
            "--cpu", "same", "--repetitions", "4", "--duration", "40ms", "--warmup", "10ms", "--quiet", "--output", root + "/r",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("tcp/unix (95% CI)"), "\(run.stdout)")
        let rows = CSV.parse(try String(contentsOfFile: root + "/r/compare.csv", encoding: .utf8))
        #expect(rows.first == ["axis", "a", "b", "cell", "metric", "slots", "ratio", "ratio_low", "ratio_high", "reading", "b_cell", "label", "drift"])
        // One AF_UNIX cell against TCP with Nagle on and off, for the round-trip p50 and p99 and msg/s.
        #expect(rows.count == 1 + 6, "\(rows)")
        #expect(rows.dropFirst().map { $0[4] }.prefix(3) == ["rtt_p50_us", "rtt_p99_us", "msg_per_s"])
        #expect(rows.dropFirst().allSatisfy { $0[3].hasPrefix("unix/") && $0[10].hasPrefix("tcp/") && $0[5] == "4" })
        #expect(Set(rows.dropFirst().map { $0[9] }).isSubset(of: ["faster", "slower", "no clear difference"]))

        // Both cells of a slot were measured back to back: the slot's rows are adjacent.
        let measurements = try MeasurementCSV.parse(String(contentsOfFile: root + "/r/measurements.csv", encoding: .utf8))
        #expect(measurements.count == 12)
        for slot in 1...4 {
            let positions = measurements.indices.filter { measurements[$0].repetition == slot }
            #expect(positions.count == 3 && positions.last! - positions.first! == 2, "slot \(slot) at \(positions)")
        }
        // Every ratio can be recomputed from compare-pairs.csv.
        let pairs = CSV.parse(try String(contentsOfFile: root + "/r/compare-pairs.csv", encoding: .utf8))
        #expect(pairs.count == 1 + 6 * 4)
        let metadata = try JSONDecoder().decode(RunMetadata.self, from: Data(contentsOf: URL(fileURLWithPath: root + "/r/run.json")))
        #expect(metadata.compare == CompareSpec(axis: .transport, a: "unix", b: "tcp"))
    }

    /// Request/response compares latency: rr's msg/s is the schedule's, so it is not a row unless
    /// asked for with --metric; a metric name that does not exist is one line and exit 64.
    @Test func requestResponseComparesLatencyAndMetricChoosesOtherwise() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let common = ["run", "--compare", "transport=unix,tcp", "--pattern", "rr", "--rate", "2k", "--size", "256", "--nodelay", "on",
                      "--repetitions", "3", "--duration", "60ms", "--warmup", "10ms", "--quiet"]
        let byDefault = try CLIProcess.run(common + ["--output", root + "/default"])
        #expect(byDefault.status == 0, "\(byDefault.stderr)")
        let rows = CSV.parse(try String(contentsOfFile: root + "/default/compare.csv", encoding: .utf8)).dropFirst()
        #expect(rows.map { $0[4] } == ["rtt_p50_us", "rtt_p99_us"], "\(Array(rows))")
        #expect(byDefault.stdout.contains("rtt_p50_us"))

        let chosen = try CLIProcess.run(common + ["--metric", "msg_per_s,rtt_p999_us", "--output", root + "/chosen"])
        #expect(chosen.status == 0, "\(chosen.stderr)")
        let chosenRows = CSV.parse(try String(contentsOfFile: root + "/chosen/compare.csv", encoding: .utf8)).dropFirst()
        #expect(chosenRows.map { $0[4] } == ["msg_per_s", "rtt_p999_us"])

        let bad = try CLIProcess.run(common + ["--metric", "rtt_p42_us", "--output", root + "/bad"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("'rtt_p42_us' is not a metric"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/bad"))
        let alone = try CLIProcess.run(["run", "--transport", "unix", "--metric", "msg_per_s", "--output", root + "/alone"])
        #expect(alone.status == 64 && alone.stderr.contains("--metric chooses what --compare compares"), "\(alone.stderr)")
    }

    @Test func ratiosReadAtAnySize() {
        #expect(NumberFormat.ratio(0.8734) == "0.873")
        #expect(NumberFormat.ratio(2717.2) == "×2 717")
        #expect(NumberFormat.ratio(1 / 2717.2) == "1/2 717")
        #expect(NumberFormat.ratio(.nan) == "-")
    }

    @Test func badComparisonsAreRefusedBeforeAnyWorkerStarts() throws {
        let cases: [([String], String)] = [
            (["--compare", "colour=red,blue"], "is not AXIS=A,B"),
            (["--compare", "transport=unix"], "two different values"),
            (["--compare", "transport=unix,unix"], "two different values"),
            (["--compare", "transport=unix,tcp", "--transport", "udp"], "drop --transport"),
            (["--compare", "nodelay=on,off", "--transport", "unix"], "no combination"),
        ]
        for (arguments, message) in cases {
            let result = try CLIProcess.run(["run", "--quiet", "--dry-run"] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}

/// `run --controls` and `check --normalize` through the real CLI.
@Suite(.serialized) struct ControlsCLITests {
    @Test func aControlledRunChecksAgainstItselfNormalized() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let run = try CLIProcess.run([
            "run", "--controls", "--transport", "unix", "--pattern", "pingpong", "--size", "64", "--cpu", "same",
            "--repetitions", "5", "--duration", "40ms", "--warmup", "10ms", "--quiet", "--output", root + "/r",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let measurements = try MeasurementCSV.parse(String(contentsOfFile: root + "/r/measurements.csv", encoding: .utf8))
        #expect(Set(measurements.map(\.cell.engine)) == [nil, .c], "each cell with its C twin")

        let check = try CLIProcess.run(["check", "--baseline", root + "/r", "--current", root + "/r", "--normalize"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stderr.contains("machine drift (C control loops, current/baseline msg/s): median ×1.000"), "\(check.stderr)")
        #expect(check.stderr.contains("normalized:"))
        #expect(!check.stdout.contains("engine=c"), "controls are not compared as code: \(check.stdout)")

        let plain = try CLIProcess.run(["run", "--transport", "unix", "--pattern", "pingpong", "--size", "64", "--repetitions", "1",
                                        "--duration", "20ms", "--warmup", "5ms", "--quiet", "--output", root + "/plain"])
        #expect(plain.status == 0)
        let refused = try CLIProcess.run(["check", "--baseline", root + "/plain", "--current", root + "/plain", "--normalize"])
        #expect(refused.status == 64, "\(refused.stderr)")
        #expect(refused.stderr.contains("run --controls"), "\(refused.stderr)")
    }
}

/// One-way latency needs one clock: refused between hosts, before anything starts.
@Suite struct OneWayAcrossHostsCLITests {
    @Test func oneWayLatencyBetweenHostsIsRefusedWithAPointerToRR() throws {
        let result = try CLIProcess.run([
            "run", "--dry-run", "--quiet", "--transport", "tcp", "--pattern", "stream", "--rate", "10k",
            "--server-via", "env", "--server-address", "127.0.0.2",
        ])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("use --pattern rr"), "\(result.stderr)")
    }
}

/// `--target-ci` targets the metric the answer is computed on, and --dry-run says which; `--metric`
/// works without `--compare` for it, and alone (choosing nothing) is refused.
@Suite struct TargetCICLITests {
    static let quick = ["run", "--dry-run", "--quiet", "--transport", "unix,tcp", "--size", "64", "--duration", "20ms", "--target-ci", "5%"]

    @Test func dryRunNamesTheTargetedMetric() throws {
        let plain = try CLIProcess.run(Self.quick + ["--pattern", "pingpong,stream"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("--target-ci 5.0% targets each cell's median of rtt_p50_us (pingpong), msg_per_s (stream)"), "\(plain.stdout)")
        #expect(plain.stdout.contains("looks-based"), "\(plain.stdout)")

        let chosen = try CLIProcess.run(Self.quick + ["--pattern", "pingpong", "--metric", "rtt_p99_us"])
        #expect(chosen.status == 0, "\(chosen.stderr)")
        #expect(chosen.stdout.contains("targets each cell's median of rtt_p99_us (--metric)"), "\(chosen.stdout)")

        let compared = try CLIProcess.run(["run", "--dry-run", "--quiet", "--size", "64", "--pattern", "pingpong", "--compare", "transport=unix,tcp", "--target-ci", "5%"])
        #expect(compared.status == 0, "\(compared.stderr)")
        #expect(compared.stdout.contains("targets the ratio B/A of rtt_p50_us (pingpong) of each --compare pair"), "\(compared.stdout)")
    }

    @Test func metricAloneChoosesNothingAndIsRefused() throws {
        let result = try CLIProcess.run(["run", "--dry-run", "--quiet", "--transport", "unix", "--pattern", "pingpong", "--metric", "rtt_p99_us"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--metric chooses what --compare compares and what --target-ci targets"), "\(result.stderr)")
    }

    @Test func helpSaysWhatIsTargetedAndThatItIsLooksBased() throws {
        let help = try CLIProcess.run(["run", "--help"])
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("round-trip p50 for pingpong and rr, one-way p50 for a paced stream, msg/s for an unpaced stream"), "\(text)")
        #expect(text.contains("A looks-based rule"), "\(text)")
    }
}

import Foundation
import FoundationXML
import Testing

/// check on real runs: a run against itself passes; a deliberately slowed sender is a regression.
@Suite(.serialized) struct CheckCLITests {
    static let axes = ["--transport", "unix", "--pattern", "pingpong,stream", "--size", "64", "--cpu", "same",
                       "--repetitions", "5", "--duration", "100ms", "--warmup", "20ms", "--quiet"]

    @Test func aRunAgainstItselfPassesAndASlowedRunIsARegression() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let baseline = root + "/baseline"
        let first = try CLIProcess.run(["run"] + Self.axes + ["--output", baseline])
        #expect(first.status == 0, "\(first.stderr)")

        let same = try CLIProcess.run(["check", "--baseline", baseline, "--current", baseline])
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")

        // The workers spin 200 µs per send (an LD_PRELOAD interposer, not a knob in the loops): a gross slowdown.
        let slower = try SlowSender()
        defer { slower.remove() }
        let slowed = root + "/slowed"
        let slow = try CLIProcess.run(["run"] + Self.axes + ["--output", slowed], environment: slower.environment(nanoseconds: 200_000))
        #expect(slow.status == 0)
        let junit = root + "/check.xml"
        let check = try CLIProcess.run(["check", "--baseline", baseline, "--current", slowed, "--junit", junit, "--markdown", root + "/check.md"])
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("regression"))

        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: junit))
        let failing = try document.nodes(forXPath: "//testcase[failure]").compactMap { $0 as? XMLElement }
        let names = failing.compactMap { $0.attribute(forName: "classname")?.stringValue }
        #expect(names.contains { $0.hasPrefix("unix/pingpong/64B") }, "\(names)")
        #expect(names.contains { $0.hasPrefix("unix/stream/64B") }, "\(names)")
    }

    /// A spec with a rate axis: run measures the paced cells, and check --spec measures them again
    /// and matches them to the baseline by ids that carry the rate.
    @Test func aSpecWithARateIsCheckedByCellsThatCarryTheRate() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let spec = root + "/paced.yaml"
        try """
        name: paced
        repetitions: 5
        duration: 100ms
        warmup: 20ms
        axes:
          transport: [unix]
          size: [64]
          rate: [20k]
        """.write(toFile: spec, atomically: true, encoding: .utf8)
        let baseline = root + "/baseline"
        let first = try CLIProcess.run(["run", "--spec", spec, "--output", baseline, "--quiet", "--no-report"])
        #expect(first.status == 0, "\(first.stderr)")
        let ids = try String(contentsOfFile: baseline + "/summary.csv", encoding: .utf8)
        #expect(ids.contains("unix/stream/64B/") && ids.contains("/rate=20000"), "\(ids)")

        let json = root + "/check.json"
        let check = try CLIProcess.run([
            "check", "--baseline", baseline, "--spec", spec, "--output", root + "/current", "--json", json, "--quiet", "--no-report",
        ])
        // Checked, whatever the verdict: a paced sender's CPU per message moves with the machine's
        // load, so a regression (exit 1) is a possible answer; usage or file errors are not.
        #expect([0, 1].contains(check.status), "\(check.stdout)\(check.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        #expect((document?["unchecked"] as? [String])?.isEmpty == true, "every baseline cell found: \(document ?? [:])")
        let rows = document?["comparisons"] as? [[String: Any]] ?? []
        let cells = Set(rows.compactMap { $0["cell"] as? String })
        #expect(cells == ["unix/stream/64B/snd=default/rcv=default/nodelay=na/blocking/cpu=none/pairs=1/rate=20000"], "\(cells) in \(document ?? [:])")
        let rate = rows.first { $0["metric"] as? String == "msg_per_s" }
        #expect(rate?["baselineMedian"] is Double && rate?["currentMedian"] is Double, "\(rows)")
    }

    @Test func missingBaselineIsExit66AndMalformedIsExit65() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let missing = try CLIProcess.run(["check", "--baseline", root + "/nope", "--current", root])
        #expect(missing.status == 66, "\(missing.stderr)")
        try FileManager.default.createDirectory(atPath: root + "/bad", withIntermediateDirectories: true)
        try "transport,oops\nunix,1\n".write(toFile: root + "/bad/measurements.csv", atomically: true, encoding: .utf8)
        let malformed = try CLIProcess.run(["check", "--baseline", root + "/bad", "--current", root + "/bad"])
        #expect(malformed.status == 65, "\(malformed.stderr)")
    }
}

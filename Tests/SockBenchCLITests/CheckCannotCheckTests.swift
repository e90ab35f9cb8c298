import Foundation
import FoundationXML
import Testing

/// check fails when it cannot check (missing cells, untestable changes) unless told to accept it,
/// refuses bad output paths before measuring, writes JSON, and prints short ids and only changes.
@Suite(.serialized) struct CheckCannotCheckTests {
    static let quick = ["--transport", "unix", "--size", "64", "--cpu", "same", "--duration", "50ms", "--warmup", "10ms", "--quiet"]

    /// A copy of the run at `from` without the rows of stream cells: a current run that lost a cell.
    static func withoutStream(_ from: String, to: String) throws {
        try FileManager.default.copyItem(atPath: from, toPath: to)
        let csv = try String(contentsOfFile: to + "/measurements.csv", encoding: .utf8)
        let kept = csv.split(separator: "\n").filter { !$0.contains(",stream,") }
        try (kept.joined(separator: "\n") + "\n").write(toFile: to + "/measurements.csv", atomically: true, encoding: .utf8)
    }

    @Test func missingCellsFailUnlessAllowed() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let baseline = root + "/baseline"
        let run = try CLIProcess.run(["run"] + Self.quick + ["--pattern", "pingpong,stream", "--repetitions", "1", "--output", baseline])
        try #require(run.status == 0, "\(run.stderr)")
        let current = root + "/current"
        try Self.withoutStream(baseline, to: current)

        // Before, this said "no regression: ... 1 missing in current" and exited 0.
        let junit = root + "/check.xml"
        let check = try CLIProcess.run(["check", "--baseline", baseline, "--current", current, "--junit", junit])
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("missing: stream: measured in the baseline but not in the current run (--allow-missing accepts this)"), "\(check.stdout)")
        #expect(check.stdout.contains("check FAILED, could not check everything: "), "\(check.stdout)")
        let failing = try XMLDocument(contentsOf: URL(fileURLWithPath: junit)).nodes(forXPath: "//testcase[failure]")
        #expect(failing.count == 1, "the missing cell is a failure, not a pass")

        let allowed = try CLIProcess.run(["check", "--baseline", baseline, "--current", current, "--allow-missing", "--junit", junit])
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
        #expect(allowed.stdout.contains("check no regression"))
        let suite = try #require(try XMLDocument(contentsOf: URL(fileURLWithPath: junit)).rootElement())
        #expect(suite.attribute(forName: "skipped")?.stringValue == "1")
        #expect(suite.attribute(forName: "failures")?.stringValue == "0")
    }

    @Test func untestableChangesFailUnlessAllowed() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let arguments = ["run"] + Self.quick + ["--pattern", "stream", "--repetitions", "2"]
        #expect(try CLIProcess.run(arguments + ["--output", root + "/baseline"]).status == 0)
        // The workers spin 200 µs per send (LD_PRELOAD interposer); 2 vs 2 repetitions can never show it.
        let slower = try SlowSender()
        defer { slower.remove() }
        let slow = try CLIProcess.run(arguments + ["--output", root + "/slowed"], environment: slower.environment(nanoseconds: 200_000))
        #expect(slow.status == 0)
        let junit = root + "/check.xml"
        let check = try CLIProcess.run(["check", "--baseline", root + "/baseline", "--current", root + "/slowed", "--junit", junit])
        // Before, a check that could never flag anything passed.
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("undecided: unix/stream/64B msg_per_s: msg_per_s down"), "\(check.stdout)")
        #expect(check.stdout.contains("(--allow-undecided accepts this)"))
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: junit))
        let types = try document.nodes(forXPath: "//testcase/failure/@type").compactMap(\.stringValue)
        #expect(types.contains("insufficient repetitions"), "\(types)")

        let allowed = try CLIProcess.run(["check", "--baseline", root + "/baseline", "--current", root + "/slowed", "--allow-undecided", "--junit", junit])
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
        let suite = try #require(try XMLDocument(contentsOf: URL(fileURLWithPath: junit)).rootElement())
        #expect(Int(suite.attribute(forName: "skipped")?.stringValue ?? "0")! >= 1, "accepted, still not passed")
    }

    @Test func outputPathsAreCheckedBeforeMeasuring() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let baseline = root + "/baseline"
        #expect(try CLIProcess.run(["run"] + Self.quick + ["--pattern", "pingpong", "--repetitions", "1", "--output", baseline]).status == 0)
        for option in ["--markdown", "--junit", "--json"] {
            let started = Date()
            let result = try CLIProcess.run(["check", "--baseline", baseline, "--run", "quick", option, root + "/no/such/dir/out"], directory: root)
            #expect(result.status == 74, "\(option): \(result.stderr)")
            #expect(result.stderr == "sockbench: cannot write \(root)/no/such/dir/out: \(root)/no/such/dir does not exist\n", "\(result.stderr)")
            // Before, the quick preset (about 30 s) was measured first.
            #expect(Date().timeIntervalSince(started) < 5)
            #expect(!FileManager.default.fileExists(atPath: root + "/results"), "nothing measured")
        }
    }

    @Test func jsonChangesOnlyAndShortIDs() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let baseline = root + "/baseline"
        #expect(try CLIProcess.run(["run"] + Self.quick + ["--pattern", "pingpong,stream", "--repetitions", "1", "--output", baseline]).status == 0)
        let current = root + "/current"
        try Self.withoutStream(baseline, to: current)
        let json = root + "/check.json"
        let full = try CLIProcess.run(["check", "--baseline", baseline, "--current", current, "--json", json, "--allow-missing"])
        #expect(full.status == 0, "\(full.stdout)\(full.stderr)")
        // Only the pattern varies, so that is the id; the rest is said once.
        #expect(!full.stdout.contains("unix/pingpong/64B/snd=default"), "no full ids: \(full.stdout)")
        #expect(full.stdout.contains("\npingpong  "), "\(full.stdout)")
        #expect(full.stdout.contains("every cell: unix/64B/snd=default/rcv=default/nodelay=na/blocking/cpu=same/pairs=1"))

        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(object["passed"] as? Bool == true)
        let rows = try #require(object["comparisons"] as? [[String: Any]])
        let tableRows = full.stdout.split(separator: "\n").filter { $0.hasPrefix("pingpong ") || $0.hasPrefix("stream ") }
        #expect(rows.count == tableRows.count, "the same comparisons as the table")
        #expect(rows.contains { $0["verdict"] as? String == "missing in current" && $0["shortCell"] as? String == "stream" && $0["fails"] as? Bool == false })
        #expect(rows.allSatisfy { ($0["cell"] as? String)?.hasPrefix("unix/") == true })

        let changes = try CLIProcess.run(["check", "--baseline", baseline, "--current", current, "--changes-only", "--allow-missing"])
        let changeRows = changes.stdout.split(separator: "\n").filter { $0.hasPrefix("pingpong ") || $0.hasPrefix("stream ") }
        #expect(changeRows.count == 1 && changeRows[0].hasSuffix("missing in current"), "\(changes.stdout)")
        #expect(changes.stdout.contains("check no regression: "), "the summary still counts every row")
    }
}

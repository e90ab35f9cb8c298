import Foundation
import SockBenchModel
import SockBenchStore
import Testing

/// The earlier runs between-run spread is taken from: complete reproduce runs of this machine.
@Suite struct ClaimHistoryTests {
    @Test func historyReadsOnlyCompleteReproduceRunsOfTheSameMachine() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sockbench-history-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let host = HostInfo.current()
        func write(_ name: String, runName: String = "reproduce", state: RunMetadata.State = .complete, kernel: String? = nil, start: String, ratio: Double) throws {
            let directory = try RunDirectory.create(at: "\(root)/\(name)")
            var metadata = RunMetadata(
                name: runName, commandLine: ["sockbench", "reproduce"], axes: ClaimPlan.axes, settings: ClaimPlan.settings,
                repetitions: 1, seed: 1, plan: Matrix.expand(ClaimPlan.axes), host: host
            )
            metadata.state = state
            metadata.startTime = start
            if let kernel { metadata.host.kernel = kernel }
            try directory.writeMetadata(metadata)
            let csv = "condition,ratio,ratio_low,ratio_high\nPP 64B,\(ratio),\(ratio * 0.95),\(ratio * 1.05)\nST 64B,,,\n"
            try csv.write(toFile: "\(root)/\(name)/claim.csv", atomically: true, encoding: .utf8)
        }
        try write("a", start: "2026-12-03T01:00:00Z", ratio: 1.5)
        try write("b", start: "2026-12-03T02:00:00Z", ratio: 1.6)
        try write("current", start: "2026-12-03T03:00:00Z", ratio: 1.7)
        try write("load", runName: "load", start: "2026-12-03T02:30:00Z", ratio: 9)
        try write("cut", state: .interrupted, start: "2026-12-03T02:40:00Z", ratio: 9)
        try write("elsewhere", kernel: "another kernel", start: "2026-12-03T02:50:00Z", ratio: 9)
        let runs = ClaimHistory.runs(in: root, host: host, excluding: "\(root)/current")
        #expect(runs.map { ($0.directory as NSString).lastPathComponent } == ["b", "a"])
        let byCondition = ClaimHistory.byCondition(runs)
        #expect(byCondition["PP 64B"]?.map(\.ratio) == [1.6, 1.5])
        #expect(byCondition["ST 64B"] == nil)
    }
}

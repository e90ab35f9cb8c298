import Foundation
@testable import SockBenchReport
import Testing

/// One short real `load` on loopback: --json gives both knees on stdout and nothing else, every tcp
/// row carries the TCP_NODELAY it ran with, and the figures land in the run directory, not in
/// ./plots of the working directory. Asserts structure only, never a speed.
@Suite struct LoadCLITests {
    @Test func shortLoadPrintsKneesAsJSONAndKeepsEverythingInItsRunDirectory() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let output = scratch + "/run"
        let result = try CLIProcess.run([
            "load", "--transport", "unix,tcp", "--size", "64", "--step-duration", "50ms", "--warmup", "20ms",
            "--repetitions", "1", "--max-rate", "20k", "--nodelay", "off", "--quiet", "--json", "--output", output,
        ], directory: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONDecoder().decode(LoadJSON.self, from: Data(result.stdout.utf8))
        #expect(json.run == output && json.sweeps == 1 && json.percentile == "p99")
        #expect(json.transports.map(\.transport) == ["unix", "tcp"])
        for t in json.transports {
            #expect(t.saturation.perSweep.count == 1)
            #expect(["knee", "floor-limited"].contains(t.latency.verdict))
            #expect(t.floorPerSweepMicroseconds.count == 1)
        }
        #expect(json.transports[0].noDelay == nil && json.transports[1].noDelay == false)

        let rows = try String(contentsOfFile: output + "/measurements.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let nodelay = try #require(rows.first?.firstIndex(of: "nodelay"))
        let tcpRows = rows.dropFirst().filter { $0.first == "tcp" }
        #expect(!tcpRows.isEmpty && tcpRows.allSatisfy { $0[nodelay] == "off" })

        #expect(FileManager.default.fileExists(atPath: output + "/knees.json"))
        #expect(FileManager.default.fileExists(atPath: output + "/figures/knee.csv"))
        #expect(!FileManager.default.fileExists(atPath: scratch + "/plots"))
    }

    /// --plots puts knee.csv and the scripts in a directory of their own (as the committed reference
    /// keeps them in plots/reference-load/), and the histogram figure still finds the run's files
    /// through a path relative to the script.
    @Test func plotsOptionWritesTheFiguresElsewhereWithPathsRelativeToThem() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let output = scratch + "/results/load", plots = scratch + "/plots/load"
        let result = try CLIProcess.run([
            "load", "--transport", "unix", "--size", "64", "--step-duration", "50ms", "--warmup", "20ms",
            "--repetitions", "1", "--max-rate", "20k", "--quiet", "--output", output, "--plots", plots,
        ], directory: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: plots + "/knee.csv"))
        #expect(FileManager.default.fileExists(atPath: plots + "/load-latency.gp"))
        #expect(!FileManager.default.fileExists(atPath: output + "/figures"))
        #expect(FileManager.default.fileExists(atPath: output + "/knees.json"))
        let histograms = try String(contentsOfFile: plots + "/load-histograms.gp", encoding: .utf8)
        let relative = try #require(histograms.firstMatch(of: #/here\.'/([^']+\.owl\.hgrm)'/#)?.1, "\(histograms)")
        #expect(relative.hasPrefix("../../results/load/histograms/"))
        #expect(FileManager.default.fileExists(atPath: plots + "/" + relative))
        #expect(!histograms.contains(scratch), "no absolute path in the script")
    }
}

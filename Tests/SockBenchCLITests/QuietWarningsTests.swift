import Foundation
@testable import SockBenchModel
@testable import SockBenchStore
import Testing

/// Issue 24 item 5: warnings are not progress. `--quiet` hides the progress lines, never a warning,
/// and with `--json` (stdout for the JSON only) the warnings still reach stderr.
@Suite struct QuietWarningsTests {
    /// A buffer request above net.core.wmem_max is capped by the kernel: a warning every run has.
    static let capped = ["run", "--transport", "unix", "--pattern", "stream", "--size", "64", "--sndbuf", "512M",
                         "--repetitions", "1", "--duration", "50ms", "--warmup", "10ms", "--quiet", "--no-report"]

    @Test func quietRunsStillPrintTheirWarnings() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let table = try CLIProcess.run(Self.capped + ["--output", scratch + "/table"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stderr.contains("warning: ") && table.stderr.contains("SO_SNDBUF request of 536870912 was capped by the kernel"), "\(table.stderr)")
        #expect(!table.stderr.contains("run: "), "--quiet prints no progress: \(table.stderr)")
        let metadata = try RunDirectory.open(scratch + "/table").readMetadata()
        for warning in metadata.warnings { #expect(table.stderr.contains("warning: \(warning)"), "not printed: \(warning)") }

        let json = try CLIProcess.run(Self.capped + ["--json", "--output", scratch + "/json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil, "stdout is the JSON alone: \(json.stdout)")
        #expect(json.stderr.contains("SO_SNDBUF request of 536870912 was capped by the kernel"), "\(json.stderr)")
    }
}

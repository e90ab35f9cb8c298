import Foundation
@testable import SockBenchRunner
import Testing

/// A launcher that never starts a worker: the run stops with exit 69 after the hello timeout, and
/// whatever the launcher started (its whole process group) goes with it instead of being re-parented to PID 1.
@Suite(.serialized) struct HangingLauncherTests {
    /// Live processes whose command line is exactly `sleep SECONDS`.
    static func sleepers(_ seconds: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) } == ["sleep", seconds]
        }
    }

    @Test func aHangingLauncherLeavesNoChildBehind() throws {
        let scratch = Scratch.directory()
        // A number no other test or engineer sleeps for, so the check finds only this launcher's child.
        let seconds = String(Int.random(in: 70_000...79_999))
        defer {
            for pid in Self.sleepers(seconds) { kill(pid, SIGKILL) }
            Scratch.remove(scratch)
        }
        let result = try CLIProcess.run([
            "run", "--transport", "tcp", "--pattern", "pingpong", "--size", "64",
            "--server-via", "sh -c 'sleep \(seconds); true' --", "--server-address", "127.0.0.1",
            "--server-binary", Coordinator.defaultWorkerExecutable(), "--connect-timeout", "1ms",
            "--duration", "200ms", "--warmup", "50ms", "--repetitions", "1", "--quiet", "--output", scratch + "/run",
        ])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("sockbench: server worker (via 'sh -c"), "\(result.stderr)")
        #expect(result.stderr.contains("no hello within"), "\(result.stderr)")
        // The kernel may take a moment to deliver the SIGKILL to the group.
        let deadline = Date().addingTimeInterval(3)
        while !Self.sleepers(seconds).isEmpty && Date() < deadline { usleep(20_000) }
        #expect(Self.sleepers(seconds).isEmpty, "the launcher's child 'sleep \(seconds)' was left running")
        #expect(!FileManager.default.fileExists(atPath: scratch + "/run"))
    }
}

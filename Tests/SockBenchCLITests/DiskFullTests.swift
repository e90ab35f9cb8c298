import Foundation
@testable import SockBenchStore
import Testing

/// A disk that fills while a run writes: one clear line, exit 74, earlier results intact.
@Suite(.serialized) struct DiskFullTests {
    @Test(.enabled(if: getuid() == 0, "needs root to mount a small tmpfs"))
    func fullDiskKeepsEarlierResultsIntact() throws {
        let mountPoint = Scratch.directory()
        // Runs last: after the unmount below.
        defer { Scratch.remove(mountPoint) }
        let mount = try CLIProcessShell.run("mount -t tmpfs -o size=1m tmpfs \(mountPoint)")
        try #require(mount == 0, "needs root to mount a small tmpfs")
        defer { _ = try? CLIProcessShell.run("umount -l \(mountPoint)") }

        // A finished run, then the disk fills, then a second run in the same file system.
        let first = mountPoint + "/first"
        let ok = try CLIProcess.run(["run", "--transport", "unix", "--pattern", "pingpong,stream", "--repetitions", "1", "--duration", "50ms", "--warmup", "10ms", "--quiet", "--output", first])
        #expect(ok.status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: first + "/measurements.csv"))
        _ = try CLIProcessShell.run("dd if=/dev/zero of=\(mountPoint)/filler bs=4k 2>/dev/null")

        let second = try CLIProcess.run(["run", "--transport", "unix", "--pattern", "pingpong", "--repetitions", "1", "--duration", "50ms", "--warmup", "10ms", "--quiet", "--output", mountPoint + "/second"])
        #expect(second.status == 74, "\(second.stderr)")
        #expect(second.stderr.split(separator: "\n").count == 1, "one line: \(second.stderr)")
        #expect(second.stderr.contains("ENOSPC"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: first + "/measurements.csv")) == before)
        #expect(try RunDirectory.open(first).measurements().count == 2)
    }

    @Test func appendThatFailsLeavesOnlyWholeRows() throws {
        // /dev/full fails every write with ENOSPC, as a full disk does.
        #expect(throws: ReportError.self) { try FileOutput.append("a,b\n", to: "/dev/full") }
    }
}

enum CLIProcessShell {
    static func run(_ command: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

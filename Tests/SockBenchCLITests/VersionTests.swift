import Foundation
import Testing

/// `sockbench --version` names the release and the commit of the checkout the binary was built in,
/// wherever it is run from.
@Suite struct VersionTests {
    @Test func versionNamesTheCommitOfTheBinarysCheckout() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let result = try CLIProcess.run(["--version"], directory: root)
        #expect(result.status == 0)
        let line = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.range(of: #"^\d+\.\d+\.\d+ \(commit [0-9a-f]{12}(\+dirty)?\)$"#, options: .regularExpression) != nil, "\(line)")
        // The package's own checkout: the commit printed is its HEAD.
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        git.arguments = ["-C", package, "rev-parse", "--short=12", "HEAD"]
        let pipe = Pipe()
        git.standardOutput = pipe
        try git.run()
        let head = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        git.waitUntilExit()
        #expect(line.contains("commit \(head)"), "\(line) vs HEAD \(head)")
    }
}

import Foundation
import SockBenchCore

public enum SockBenchVersion {
    /// The release number: what run.json and baseline.json record beside the commit.
    public static let current = "0.1.0"

    /// What `sockbench --version` prints: the release and the commit of the checkout the binary was
    /// built in (`+dirty` when tracked files differ from it), or the release alone.
    public static func full() -> String {
        guard let commit = gitCommit() else { return current }
        return "\(current) (commit \(commit))"
    }

    /// The commit of the checkout that holds the running binary (`.build/release/sockbench` lives
    /// inside it), not of the current directory, which may be any other repository.
    public static func gitCommit() -> String? {
        guard let checkout = checkoutDirectory(),
              let head = git(["-C", checkout, "rev-parse", "--short=12", "HEAD"]), !head.isEmpty
        else { return nil }
        let changed = git(["-C", checkout, "status", "--porcelain", "--untracked-files=no"]).map { !$0.isEmpty } ?? false
        return head + (changed ? "+dirty" : "")
    }

    /// The nearest directory above the executable that holds `.git`.
    static func checkoutDirectory() -> String? {
        guard let executable = Bundle.main.executableURL else { return nil }
        var directory = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent(".git").path) { return directory.path }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        return nil
    }

    private static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import CSockBench
import Foundation
import SockBenchCore
import SockBenchModel
import Synchronization

/// The private socket directories of coordinators: `/tmp/sockbench-<pid>-XXXXXX`.
public enum SocketDirectories {
    public static let prefix = "/tmp/sockbench-"

    static func removeFiles(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names { try? Sys.unlink("\(directory)/\(name)") }
    }

    /// Removes the directories (and socket files) of coordinators that no longer run.
    public static func removeStale() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/tmp") else { return }
        for name in names where name.hasPrefix("sockbench-") {
            let parts = name.split(separator: "-")
            guard parts.count == 3, let owner = Int32(parts[1]), !Sys.processExists(owner) else { continue }
            let path = "/tmp/\(name)"
            // Only our own directories, never a link someone planted under our name.
            guard Sys.kind(path, followLinks: false, ownedByMe: true) == .directory else { continue }
            removeFiles(in: path)
            try? Sys.removeDirectory(path)
        }
    }
}

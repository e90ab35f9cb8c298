import Foundation
import Synchronization
@testable import SockBenchRunner

/// Two network namespaces made for one test, joined by a veth pair: `a` holds 10.200.1.1/24 and
/// fd00:200:1::1/64, `b` holds 10.200.1.2/24 and fd00:200:1::2/64. Every address a test sends to
/// lives only in these namespaces; `remove()` (from a `defer`) deletes both, and the veth with them.
final class NetnsPair {
    let a: String
    let b: String
    /// Whether the veth carries the IPv6 addresses (the kernel has IPv6).
    let hasIPv6: Bool
    static let ipv4Server = "10.200.1.2"
    static let ipv6Server = "fd00:200:1::2"

    private static let counter = Atomic<Int>(0)

    /// Why namespaces cannot be made here (not root, no `ip`, no permission), or nil when they can;
    /// tests use it in `.enabled(if:)` so they are reported skipped with the reason, never passed.
    static let unavailableReason: String? = {
        if getuid() != 0 { return "network namespaces need root" }
        guard let ip = tool("ip") else { return "iproute2 (ip) is not installed; apt-get install iproute2" }
        let probe = "sbprobe-\(getpid())"
        guard run([ip, "netns", "add", probe]) == 0 else { return "cannot create a network namespace here (ip netns add failed)" }
        _ = run([ip, "netns", "del", probe])
        return nil
    }()
    static var available: Bool { unavailableReason == nil }

    /// iptables or nft for a DROP rule, when installed.
    static var firewallAvailable: Bool { tool("iptables") != nil }

    init() throws {
        let n = NetnsPair.counter.add(1, ordering: .relaxed).newValue
        a = "sbt-\(getpid())-\(n)-a"
        b = "sbt-\(getpid())-\(n)-b"
        hasIPv6 = FileManager.default.fileExists(atPath: "/proc/sys/net/ipv6")
        try ip(["netns", "add", a])
        try ip(["netns", "add", b])
        try ip(["-n", a, "link", "add", "veth0", "type", "veth", "peer", "name", "veth0", "netns", b])
        for (ns, host) in [(a, 1), (b, 2)] {
            try ip(["-n", ns, "link", "set", "lo", "up"])
            try ip(["-n", ns, "addr", "add", "10.200.1.\(host)/24", "dev", "veth0"])
            if hasIPv6 { try ip(["-n", ns, "addr", "add", "fd00:200:1::\(host)/64", "dev", "veth0", "nodad"]) }
            try ip(["-n", ns, "link", "set", "veth0", "up"])
        }
    }

    func remove() {
        _ = NetnsPair.run(["ip", "netns", "del", a])
        _ = NetnsPair.run(["ip", "netns", "del", b])
    }

    /// `ip ARGS`, failing the test setup when it fails.
    func ip(_ arguments: [String]) throws {
        try inside(nil, ["ip"] + arguments)
    }

    /// Runs `command` inside namespace `ns` (nil: here), throwing when it fails.
    func inside(_ ns: String?, _ command: [String]) throws {
        let full = ns.map { ["ip", "netns", "exec", $0] + command } ?? command
        let status = NetnsPair.run(full)
        if status != 0 { throw SetupError(description: "\(full.joined(separator: " ")) exited with \(status)") }
    }

    /// The run options that put the server worker in `b` and the client worker in `a`.
    func placement(address: String) -> [String] {
        let binary = Coordinator.defaultWorkerExecutable()
        return ["--server-via", "ip netns exec \(b)", "--server-binary", binary,
                "--client-via", "ip netns exec \(a)", "--client-binary", binary, "--server-address", address]
    }

    struct SetupError: Error, CustomStringConvertible { var description: String }

    static func tool(_ name: String) -> String? {
        for directory in ["/usr/sbin", "/usr/bin", "/sbin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        return nil
    }

    /// The processes running in namespace `ns` (`ip netns pids`).
    static func pids(in ns: String) -> [Int32] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ip", "netns", "pids", ns]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
    }

    @discardableResult
    static func run(_ command: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

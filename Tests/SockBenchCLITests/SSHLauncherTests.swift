import Foundation
import Testing
@testable import SockBenchRunner
@testable import SockBenchStore

/// The server worker started through a real `ssh`: an sshd that the test starts in namespace `b` on
/// a high port, with a host key and a user key made for the test, and the ssh client in namespace
/// `a`, so the control channel and the data both cross the veth pair.
@Suite(.serialized, .enabled(if: NetnsPair.available && SSHServer.unavailableReason == nil,
                             Comment(rawValue: NetnsPair.unavailableReason ?? SSHServer.unavailableReason ?? "")))
struct SSHLauncherTests {
    @Test func serverWorkerRunsThroughRealSSH() throws {
        let pair = try NetnsPair()
        defer { pair.remove() }
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let sshd = try SSHServer(namespace: pair.b, address: NetnsPair.ipv4Server, directory: scratch)
        defer { sshd.stop() }
        try sshd.waitUntilReachable(from: pair.a)

        let binary = Coordinator.defaultWorkerExecutable()
        let via = "ip netns exec \(pair.a) \(sshd.clientCommand)"
        let process = CLIProcess(["run", "--transport", "tcp,udp", "--pattern", "pingpong,stream", "--output", scratch + "/run"]
            + AcrossHostsTests.short
            + ["--server-via", via, "--server-binary", binary, "--client-via", "ip netns exec \(pair.a)", "--client-binary", binary,
               "--server-address", NetnsPair.ipv4Server])
        try process.start()
        let status = process.wait(timeout: 90)
        #expect(status == 0, "\(process.stderr)")
        let rows = try AcrossHostsTests.rows(scratch + "/run")
        #expect(rows.map { "\($0.transport) \($0.pattern)" }.sorted() == ["tcp pingpong", "tcp stream", "udp pingpong", "udp stream"])
        for row in rows { #expect(row.status == "ok", "\(row.error)") }
        let metadata = try RunDirectory.open(scratch + "/run").readMetadata()
        #expect(metadata.settings.hosts?.serverVia == via)
        let server = try #require(metadata.serverHost)
        #expect(!server.kernel.isEmpty && server.cores > 0)
        // Nothing of the run is left in the server's namespace but sshd itself.
        #expect(NetnsPair.pids(in: pair.b) == [sshd.pid])
    }
}

/// An sshd for one test: keys and config in the test's scratch directory, listening only on an
/// address inside the test's namespace, on a high port, stopped (and its privilege-separation
/// directory removed if the test made it) from a `defer`.
///
/// sshd runs as a daemon (it forks and its starter exits), found again through its pid file: a
/// Foundation `Process` left running for the whole test kept later `Process` children from being
/// reaped, and the test hung on a zombie `ssh`.
final class SSHServer {
    let port: Int
    let address: String
    private let directory: String
    private let madePrivilegeDirectory: Bool
    /// The daemon's pid, from its pid file.
    private(set) var pid: Int32 = 0

    static let unavailableReason: String? = {
        for tool in ["sshd", "ssh", "ssh-keygen"] where NetnsPair.tool(tool) == nil {
            return "\(tool) is not installed (apt-get install openssh-server openssh-client)"
        }
        return nil
    }()

    init(namespace: String, address: String, directory: String) throws {
        self.address = address
        self.directory = directory
        port = 20_000 + Int(getpid() % 10_000)
        for key in ["host_key", "user_key"] {
            try Self.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "sockbench-test", "-f", "\(directory)/\(key)"])
        }
        try FileManager.default.copyItem(atPath: "\(directory)/user_key.pub", toPath: "\(directory)/authorized_keys")
        let config = """
            Port \(port)
            ListenAddress \(address)
            HostKey \(directory)/host_key
            AuthorizedKeysFile \(directory)/authorized_keys
            PidFile \(directory)/sshd.pid
            StrictModes no
            UsePAM no
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            LogLevel ERROR

            """
        try config.write(toFile: "\(directory)/sshd_config", atomically: true, encoding: .utf8)
        // sshd refuses to start without its privilege-separation directory.
        madePrivilegeDirectory = !FileManager.default.fileExists(atPath: "/run/sshd")
        if madePrivilegeDirectory { try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true) }
        try Self.run(["ip", "netns", "exec", namespace, NetnsPair.tool("sshd")!, "-f", "\(directory)/sshd_config", "-E", "\(directory)/sshd.log"])
        let deadline = Date().addingTimeInterval(5)
        while pid == 0 && Date() < deadline {
            pid = (try? String(contentsOfFile: "\(directory)/sshd.pid", encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
            if pid == 0 { usleep(20_000) }
        }
        if pid == 0 { throw NetnsPair.SetupError(description: "sshd wrote no pid file within 5 s (\(directory)/sshd.log)") }
    }

    /// The launcher prefix that logs into this sshd with the test's key, without prompts.
    var clientCommand: String {
        "ssh -i \(directory)/user_key -p \(port) -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR root@\(address)"
    }

    /// Retries `ssh … true` from namespace `from` until sshd answers (at most 10 s).
    func waitUntilReachable(from namespace: String) throws {
        let deadline = Date().addingTimeInterval(10)
        let command = ["ip", "netns", "exec", namespace] + clientCommand.split(separator: " ").map(String.init) + ["true"]
        while Date() < deadline {
            if NetnsPair.run(command) == 0 { return }
            if kill(pid, 0) != 0 { throw NetnsPair.SetupError(description: "sshd exited (\(directory)/sshd.log)") }
            usleep(100_000)
        }
        throw NetnsPair.SetupError(description: "sshd on \(address):\(port) did not answer within 10 s")
    }

    func stop() {
        if pid > 0 && kill(pid, SIGTERM) == 0 {
            let deadline = Date().addingTimeInterval(5)
            while kill(pid, 0) == 0 && Date() < deadline { usleep(20_000) }
            if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        }
        if madePrivilegeDirectory { try? FileManager.default.removeItem(atPath: "/run/sshd") }
    }

    private static func run(_ command: [String]) throws {
        let status = NetnsPair.run(command)
        if status != 0 { throw NetnsPair.SetupError(description: "\(command.joined(separator: " ")) exited with \(status)") }
    }
}

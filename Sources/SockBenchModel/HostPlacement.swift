import SockBenchCore

/// Where a run's workers live when they are not both started on this host: the run-level options
/// `--server-via`, `--server-address`, `--server-binary`, `--server-port`, `--client-via`,
/// `--client-binary` and `--connect-timeout`. Recorded in run.json (inside the settings); the ones
/// that change what is measured (address and launchers) also go into every cell id.
public struct HostPlacement: Codable, Sendable, Hashable {
    /// Command prefix that starts the server-side worker, such as `ssh hostb` or `ip netns exec b`.
    public var serverVia: String?
    /// The address (IPv4, IPv6 or host name) the server binds and the client connects to.
    public var serverAddress: String?
    /// The sockbench binary the launcher runs (default: `sockbench` on the remote PATH).
    public var serverBinary: String?
    /// The port the server binds (pair i binds port + i); nil or 0 lets the kernel pick.
    public var serverPort: Int?
    public var clientVia: String?
    public var clientBinary: String?
    /// How long a TCP connect may wait for an answer before the row fails with ETIMEDOUT.
    public var connectTimeoutNanoseconds: UInt64

    public static let defaultConnectTimeoutNanoseconds: UInt64 = 5_000_000_000

    public init(
        serverVia: String? = nil, serverAddress: String? = nil, serverBinary: String? = nil, serverPort: Int? = nil,
        clientVia: String? = nil, clientBinary: String? = nil, connectTimeoutNanoseconds: UInt64 = HostPlacement.defaultConnectTimeoutNanoseconds
    ) {
        self.serverVia = serverVia
        self.serverAddress = serverAddress
        self.serverBinary = serverBinary
        self.serverPort = serverPort
        self.clientVia = clientVia
        self.clientBinary = clientBinary
        self.connectTimeoutNanoseconds = connectTimeoutNanoseconds
    }

    /// A worker runs through a launcher, so the two may be on different hosts: AF_UNIX cannot join
    /// them and their clocks are not one clock.
    public var workersMayBeApart: Bool { serverVia != nil || clientVia != nil }

    /// Whether both workers read one CLOCK_MONOTONIC. One-way latency (the rate feature, not in this
    /// tree yet) must be refused where this is false, pointing to `rr`, which times round trips on
    /// one clock: "one-way latency needs both workers on one clock; between hosts use --pattern rr".
    public var workersShareClock: Bool { !workersMayBeApart }

    /// What every cell id gets appended (`/hosts=…`), nil when no placement option changes the
    /// measurement, so the ids of ordinary runs stay as they were. Slashes become `%2F` so an id
    /// still splits into its axes.
    public var cellLabel: String? {
        var parts: [String] = []
        if let serverAddress { parts.append("server=\(serverAddress)") }
        if let serverVia { parts.append("server-via=\(serverVia)") }
        if let clientVia { parts.append("client-via=\(clientVia)") }
        guard !parts.isEmpty else { return nil }
        return HostPlacement.bounded(parts.joined(separator: ",").replacingSlashes())
    }

    /// Ids name histogram files, so a long launcher (ssh with its options) is cut to 80 characters
    /// plus a stable FNV-1a hash of the whole, keeping distinct placements distinct.
    static func bounded(_ label: String) -> String {
        guard label.count > 96 else { return label }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in label.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(label.prefix(80)) + "~" + String(hash, radix: 16)
    }

    /// Why `transport` cannot run with this placement, or nil.
    public func unsupported(_ transport: Transport) -> String? {
        if transport.isUnix, workersMayBeApart { return "AF_UNIX is local to one host" }
        if !transport.isSocket, workersMayBeApart || serverAddress != nil {
            let what = transport == .shm ? "shared memory is local to one host (both workers map one memory file)" : "a pipe is local to one host"
            return workersMayBeApart ? what : "\(what); --server-address places an inet server"
        }
        if transport.isLocalOnly { return nil }
        if let serverAddress, let family = Sys.numericFamily(serverAddress), family != transport.family {
            let needs = transport.family == Transport.tcp6.family ? "an IPv6" : "an IPv4"
            return "--server-address \(serverAddress) is not \(needs) address"
        }
        return nil
    }

    /// How reports name the pair of hosts: `client vm-a → server vm-b`.
    public static func pairLabel(client: HostInfo?, server: HostInfo?) -> String? {
        guard let server else { return nil }
        return "client \(client?.hostname ?? "local") → server \(server.hostname) (\(server.kernel))"
    }
}

extension String {
    fileprivate func replacingSlashes() -> String {
        split(separator: "/", omittingEmptySubsequences: false).joined(separator: "%2F")
    }
}

/// Splits a launcher command such as `ssh -p 2222 'host b'` into words: whitespace separates,
/// single and double quotes group, a backslash escapes the next character. No shell runs it.
public enum CommandWords {
    public static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            if character == "\\", quote != "'" {
                escaped = true
                inWord = true
                continue
            }
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}

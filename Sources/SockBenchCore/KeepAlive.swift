/// TCP keepalive probes (`--keepalive on` with `--keepalive-idle`, `--keepalive-interval`,
/// `--keepalive-count`): SO_KEEPALIVE plus TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT. A nil
/// field leaves the kernel's default (net.ipv4.tcp_keepalive_time, _intvl, _probes).
public struct KeepAlive: Codable, Sendable, Hashable, CustomStringConvertible {
    /// Seconds without traffic before the first probe.
    public var idleSeconds: Int?
    /// Seconds between unanswered probes.
    public var intervalSeconds: Int?
    /// Unanswered probes before the connection is dropped (ETIMEDOUT).
    public var count: Int?

    public init(idleSeconds: Int? = nil, intervalSeconds: Int? = nil, count: Int? = nil) {
        self.idleSeconds = idleSeconds
        self.intervalSeconds = intervalSeconds
        self.count = count
    }

    /// The kernel's limits of TCP_KEEPIDLE / TCP_KEEPINTVL (MAX_TCP_KEEPIDLE) and TCP_KEEPCNT.
    public static let secondsRange = 1...32767
    public static let countRange = 1...127

    /// `idle/interval/count` in seconds, seconds and probes; `-` for a kernel default.
    public var description: String {
        [idleSeconds, intervalSeconds, count].map { $0.map(String.init) ?? "-" }.joined(separator: "/")
    }

    /// Parses `description`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return nil }
        var values: [Int?] = []
        for part in parts {
            if part == "-" { values.append(nil) } else if let value = Int(part) { values.append(value) } else { return nil }
        }
        self.init(idleSeconds: values[0], intervalSeconds: values[1], count: values[2])
    }
}

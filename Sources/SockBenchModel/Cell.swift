import SockBenchCore

/// One point of the benchmark matrix: a value on every axis.
public struct Cell: Codable, Hashable, Sendable {
    public var transport: Transport
    public var pattern: Pattern
    public var sizeBytes: Int
    /// SO_SNDBUF / SO_RCVBUF requested; nil keeps the kernel default.
    public var sendBufferBytes: Int?
    public var receiveBufferBytes: Int?
    /// TCP_NODELAY; nil on transports other than TCP.
    public var noDelay: Bool?
    public var mode: IOMode
    public var cpu: CPUPlacement
    public var pairs: Int
    /// Datagram streams: messages per sendmmsg/recvmmsg; nil is one send/recv per message.
    public var batch: Int?
    /// Where the workers run (`HostPlacement.cellLabel`), nil for two workers on this host.
    public var hosts: String? = nil

    public init(
        transport: Transport, pattern: Pattern, sizeBytes: Int, sendBufferBytes: Int? = nil,
        receiveBufferBytes: Int? = nil, noDelay: Bool? = nil, mode: IOMode = .blocking,
        cpu: CPUPlacement = .none, pairs: Int = 1, batch: Int? = nil
    ) {
        self.transport = transport
        self.pattern = pattern
        self.sizeBytes = sizeBytes
        self.sendBufferBytes = sendBufferBytes
        self.receiveBufferBytes = receiveBufferBytes
        self.noDelay = transport.isTCP ? noDelay : nil
        self.mode = mode
        self.cpu = cpu
        self.pairs = pairs
        self.batch = batch.flatMap { $0 > 1 ? $0 : nil }
    }

    /// A stable, readable key built from every axis, used to match cells across runs.
    public var id: String {
        [
            transport.rawValue, pattern.rawValue, "\(sizeBytes)B",
            "snd=\(sendBufferBytes.map(String.init) ?? "default")",
            "rcv=\(receiveBufferBytes.map(String.init) ?? "default")",
            "nodelay=\(noDelaySetting ?? Self.notApplicable)",
            mode.rawValue, "cpu=\(cpu)", "pairs=\(pairs)",
        ].joined(separator: "/") + (batch.map { "/batch=\($0)" } ?? "") + (hosts.map { "/hosts=\($0)" } ?? "")
    }

    /// How ids and tables spell an axis that does not apply to a cell (TCP_NODELAY on unix).
    public static let notApplicable = "na"

    /// TCP_NODELAY as `on` or `off`; nil where it does not apply (every transport but TCP), which
    /// ids and tables spell `notApplicable` and the CSV files leave empty, as every absent value.
    public var noDelaySetting: String? { noDelay.map { $0 ? "on" : "off" } }

    public var options: SocketOptions {
        SocketOptions(sendBufferBytes: sendBufferBytes, receiveBufferBytes: receiveBufferBytes, noDelay: noDelay, mode: mode)
    }
}

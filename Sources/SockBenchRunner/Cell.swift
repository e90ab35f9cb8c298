import SockBenchCore

/// Where the two workers of each pair run.
public enum CPUPlacement: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Left to the scheduler.
    case none
    /// Both workers of a pair pinned to one core (pair i on core i mod n).
    case same
    /// The two workers of a pair on different cores.
    case split
    /// Client on `client`, server on `server`.
    case explicit(client: Int, server: Int)

    public var description: String {
        switch self {
        case .none: "none"
        case .same: "same"
        case .split: "split"
        case .explicit(let client, let server): "\(client)+\(server)"
        }
    }

    /// Parses `none`, `same`, `split` or `C+S` (client core + server core).
    public init?(_ text: String) {
        switch text {
        case "none": self = .none
        case "same": self = .same
        case "split": self = .split
        default:
            let parts = text.split(separator: "+", omittingEmptySubsequences: false)
            guard parts.count == 2, let client = Int(parts[0]), let server = Int(parts[1]), client >= 0, server >= 0 else { return nil }
            self = .explicit(client: client, server: server)
        }
    }

    /// The cores for pair `pair`, given `cores` usable CPUs: (client, server).
    public func cores(pair: Int, cores: Int) -> (client: Int?, server: Int?) {
        switch self {
        case .none: (nil, nil)
        case .same: (pair % cores, pair % cores)
        case .split: ((2 * pair) % cores, (2 * pair + 1) % cores)
        case .explicit(let client, let server): (client, server)
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = CPUPlacement(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad cpu placement \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

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
            "nodelay=\(noDelay.map { $0 ? "on" : "off" } ?? "na")",
            mode.rawValue, "cpu=\(cpu)", "pairs=\(pairs)",
        ].joined(separator: "/") + (batch.map { "/batch=\($0)" } ?? "")
    }

    public var options: SocketOptions {
        SocketOptions(sendBufferBytes: sendBufferBytes, receiveBufferBytes: receiveBufferBytes, noDelay: noDelay, mode: mode)
    }
}

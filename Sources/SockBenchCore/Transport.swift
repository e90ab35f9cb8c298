import Glibc

/// A kind of local socket sockbench can measure. Raw values are the CLI spellings.
public enum Transport: String, CaseIterable, Codable, Sendable, Comparable {
    case unix
    case unixDgram = "unix-dgram"
    case unixSeqpacket = "unix-seqpacket"
    case tcp
    case tcp6
    case udp
    case udp6

    public static func < (a: Transport, b: Transport) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    public var family: Int32 {
        switch self {
        case .unix, .unixDgram, .unixSeqpacket: AF_UNIX
        case .tcp, .udp: AF_INET
        case .tcp6, .udp6: AF_INET6
        }
    }

    public var socketType: Int32 {
        switch self {
        case .unix, .tcp, .tcp6: Int32(SOCK_STREAM.rawValue)
        case .unixDgram, .udp, .udp6: Int32(SOCK_DGRAM.rawValue)
        case .unixSeqpacket: Int32(SOCK_SEQPACKET.rawValue)
        }
    }

    /// A byte stream: message boundaries are not kept, so receivers reassemble messages.
    public var isByteStream: Bool { self == .unix || self == .tcp || self == .tcp6 }

    /// Needs listen/accept (stream and seqpacket).
    public var isConnectionOriented: Bool { self != .unixDgram && self != .udp && self != .udp6 }

    /// Datagrams may be lost (UDP): loss is a result, not a failure.
    public var mayLoseMessages: Bool { self == .udp || self == .udp6 }

    /// Message-oriented (every send is one message): datagram and seqpacket.
    public var keepsBoundaries: Bool { !isByteStream }

    public var isTCP: Bool { self == .tcp || self == .tcp6 }
    public var isUnix: Bool { family == AF_UNIX }

    /// Largest payload one message can carry, when the protocol sets a fixed limit.
    /// UDP: 65535 − 8 (UDP header) − 20 (IPv4 header) = 65507; IPv6 has no IP header in the
    /// payload length, so 65535 − 8 = 65527. Unix datagrams are limited by the send buffer instead.
    public var maximumMessageBytes: Int? {
        switch self {
        case .udp: 65_507
        case .udp6: 65_527
        default: nil
        }
    }
}

/// How a worker waits when a socket is not ready.
public enum IOMode: String, CaseIterable, Codable, Sendable {
    /// Blocking sockets: the kernel puts the thread to sleep inside send/recv.
    case blocking
    /// O_NONBLOCK; on EAGAIN the worker waits in poll(2).
    case nonblocking
    /// O_NONBLOCK; on EAGAIN the worker waits in epoll_wait(2), level-triggered.
    case epoll
    /// O_NONBLOCK; on EAGAIN the worker waits in epoll_wait(2), edge-triggered (EPOLLET): a wait
    /// comes only after a call said EAGAIN, so every socket is drained before the next wait.
    case epollET = "epoll-et"
    /// O_NONBLOCK; on EAGAIN the worker retries at once, never sleeping (burns a core).
    case busyPoll = "busy-poll"
    /// Blocking sockets with SO_RCVTIMEO/SO_SNDTIMEO set to `--timeout`: a call that waits longer
    /// fails, and the run reports the stall. The kernel-timeout form of Python's `settimeout`.
    case timeout
}

/// Socket options requested for a measurement. `nil` leaves the kernel default.
public struct SocketOptions: Codable, Sendable, Hashable {
    public var sendBufferBytes: Int?
    public var receiveBufferBytes: Int?
    /// TCP_NODELAY; nil on transports other than TCP.
    public var noDelay: Bool?
    public var mode: IOMode

    public init(sendBufferBytes: Int? = nil, receiveBufferBytes: Int? = nil, noDelay: Bool? = nil, mode: IOMode = .blocking) {
        self.sendBufferBytes = sendBufferBytes
        self.receiveBufferBytes = receiveBufferBytes
        self.noDelay = noDelay
        self.mode = mode
    }
}

/// The buffer sizes the kernel actually granted, read back with getsockopt after setting them.
public struct EffectiveBuffers: Codable, Sendable, Hashable {
    public var sendBufferBytes: Int
    public var receiveBufferBytes: Int
    public init(sendBufferBytes: Int, receiveBufferBytes: Int) {
        self.sendBufferBytes = sendBufferBytes
        self.receiveBufferBytes = receiveBufferBytes
    }
}

extension Transport {
    /// SOCK_DGRAM: messages may be reordered or (UDP) lost, so streams carry sequence numbers.
    public var isDatagram: Bool { socketType == Int32(SOCK_DGRAM.rawValue) }
}

import Glibc

/// A kind of local socket sockbench can measure, and the two non-socket floors beside them (a pipe
/// pair and a shared-memory ring). Raw values are the CLI spellings.
public enum Transport: String, CaseIterable, Codable, Sendable, Comparable {
    case unix
    case unixDgram = "unix-dgram"
    case unixSeqpacket = "unix-seqpacket"
    case tcp
    case tcp6
    case udp
    case udp6
    /// Two pipes between the workers (one each way), read(2) and write(2): the kernel's plainest
    /// byte channel, with no protocol and no socket layer.
    case pipe
    /// A single-producer single-consumer ring in memory both workers map (SharedRing.swift): no
    /// kernel on the data path at all, the floor under every other transport.
    case shm

    public static func < (a: Transport, b: Transport) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    public var family: Int32 {
        switch self {
        case .unix, .unixDgram, .unixSeqpacket: AF_UNIX
        case .tcp, .udp: AF_INET
        case .tcp6, .udp6: AF_INET6
        case .pipe, .shm: AF_UNSPEC
        }
    }

    public var socketType: Int32 {
        switch self {
        case .unix, .tcp, .tcp6: Int32(SOCK_STREAM.rawValue)
        case .unixDgram, .udp, .udp6: Int32(SOCK_DGRAM.rawValue)
        case .unixSeqpacket: Int32(SOCK_SEQPACKET.rawValue)
        case .pipe, .shm: 0  // not sockets
        }
    }

    /// A byte stream: message boundaries are not kept, so receivers reassemble messages.
    public var isByteStream: Bool { self == .unix || self == .tcp || self == .tcp6 || self == .pipe }

    /// A socket (socket(2), bind, connect); pipe and shm are set up through the worker's descriptors.
    public var isSocket: Bool { self != .pipe && self != .shm }

    /// Needs listen/accept (stream and seqpacket).
    public var isConnectionOriented: Bool { isSocket && self != .unixDgram && self != .udp && self != .udp6 }

    /// Reaches its peer only on this host: AF_UNIX, pipes and shared memory.
    public var isLocalOnly: Bool { isUnix || !isSocket }

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
    /// Blocking descriptors; each send and receive is submitted to an io_uring (IORING_OP_SEND/RECV,
    /// READ/WRITE on pipes) and waited for with io_uring_enter(GETEVENTS).
    case ioUring = "io_uring"
    /// `ioUring` with IORING_SETUP_SQPOLL: a kernel thread polls the submission queue, so a submission
    /// needs no system call; that thread's CPU time is counted as the worker's system time.
    case ioUringSQPoll = "io_uring-sqpoll"

    /// Sends and receives go through an io_uring.
    public var usesIOUring: Bool { self == .ioUring || self == .ioUringSQPoll }
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

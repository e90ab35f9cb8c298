import Glibc

/// Owns one socket descriptor: closes it exactly once, and unlinks the unix path it bound.
public struct Socket: ~Copyable {
    public let fd: Int32
    public let transport: Transport
    /// The unix socket file this socket created by binding, removed on close.
    private var boundPath: String?

    public init(transport: Transport) throws(SyscallError) {
        self.fd = try Sys.socket(domain: transport.family, type: transport.socketType)
        self.transport = transport
    }

    init(adopting fd: Int32, transport: Transport) {
        self.fd = fd
        self.transport = transport
    }

    deinit {
        Sys.close(fd)
        if let boundPath { try? Sys.unlink(boundPath) }
    }

    public mutating func bind(_ endpoint: Endpoint) throws(SyscallError) {
        if transport.isInet {
            // Listeners reuse a port left in TIME_WAIT by an earlier run.
            try setOption(SOL_SOCKET, SO_REUSEADDR, 1, name: "SO_REUSEADDR")
        }
        try endpoint.withSocketAddress(for: "bind") { address, length throws(SyscallError) in
            try Sys.bind(fd, address, length, detail: endpoint.description)
        }
        if case .unix(let path) = endpoint { boundPath = path }
    }

    public func listen(backlog: Int32 = 16) throws(SyscallError) {
        try Sys.listen(fd, backlog: backlog)
    }

    /// Waits up to `timeoutNanoseconds` for a connection and returns its socket.
    public func accept(timeoutNanoseconds: UInt64) throws(SyscallError) -> Socket {
        let ready = try Sys.pollOne(fd, events: Int16(POLLIN), timeoutMilliseconds: Int32(clamping: timeoutNanoseconds / 1_000_000))
        guard ready, let connection = try Sys.accept(fd) else {
            throw SyscallError(call: "accept", errno: .timedOut, detail: "no connection within \(timeoutNanoseconds / 1_000_000) ms")
        }
        return Socket(adopting: connection, transport: transport)
    }

    public func connect(_ endpoint: Endpoint) throws(SyscallError) {
        try endpoint.withSocketAddress(for: "connect") { address, length throws(SyscallError) in
            try Sys.connect(fd, address, length, detail: endpoint.description)
        }
    }

    /// Where this socket is bound; for TCP/UDP bound to port 0, this carries the kernel's port.
    public func localEndpoint() throws(SyscallError) -> Endpoint {
        try Endpoint.local(of: fd, transport: transport, unixPath: boundPath)
    }

    /// Sets the requested buffer sizes and TCP_NODELAY. Must run before connect/listen so TCP
    /// negotiates its window from them.
    public func apply(_ options: SocketOptions) throws(SyscallError) {
        try Self.apply(options, to: fd, transport: transport)
    }

    /// `apply` for a descriptor no `Socket` owns (a `--threads` server's sibling sockets).
    static func apply(_ options: SocketOptions, to fd: Int32, transport: Transport) throws(SyscallError) {
        if let bytes = options.sendBufferBytes {
            try Sys.setsockopt(fd, level: SOL_SOCKET, name: SO_SNDBUF, value: Int32(clamping: bytes), detail: "SO_SNDBUF=\(bytes)")
        }
        if let bytes = options.receiveBufferBytes {
            try Sys.setsockopt(fd, level: SOL_SOCKET, name: SO_RCVBUF, value: Int32(clamping: bytes), detail: "SO_RCVBUF=\(bytes)")
        }
        if let noDelay = options.noDelay, transport.isTCP {
            try Sys.setsockopt(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: noDelay ? 1 : 0, detail: "TCP_NODELAY=\(noDelay ? 1 : 0)")
        }
    }

    /// SO_REUSEPORT, before bind: sockets of one user bound to the same address and port share it,
    /// and the kernel spreads incoming connections (TCP) or flows (UDP) over them by a hash.
    public func sharePort() throws(SyscallError) {
        try setOption(SOL_SOCKET, SO_REUSEPORT, 1, name: "SO_REUSEPORT")
    }

    /// What the kernel granted. Linux doubles a requested size (bookkeeping overhead) and caps the
    /// request at net.core.wmem_max / rmem_max.
    public func effectiveBuffers() throws(SyscallError) -> EffectiveBuffers {
        EffectiveBuffers(
            sendBufferBytes: Int(try getOption(SOL_SOCKET, SO_SNDBUF, name: "SO_SNDBUF")),
            receiveBufferBytes: Int(try getOption(SOL_SOCKET, SO_RCVBUF, name: "SO_RCVBUF"))
        )
    }

    public func noDelay() throws(SyscallError) -> Bool {
        try getOption(Int32(IPPROTO_TCP), TCP_NODELAY, name: "TCP_NODELAY") != 0
    }

    public func setNonBlocking(_ enabled: Bool) throws(SyscallError) {
        try Sys.setNonBlocking(fd, enabled)
    }

    /// SO_RCVTIMEO and SO_SNDTIMEO: a blocking call gives up (EAGAIN) after this long.
    public func setBlockingTimeouts(nanoseconds: UInt64) throws(SyscallError) {
        try Sys.setTimeoutOption(fd, name: SO_RCVTIMEO, nanoseconds: nanoseconds)
        try Sys.setTimeoutOption(fd, name: SO_SNDTIMEO, nanoseconds: nanoseconds)
    }

    public func shutdownWrite() throws(SyscallError) {
        try Sys.shutdown(fd, how: Int32(SHUT_WR))
    }

    private func setOption(_ level: Int32, _ option: Int32, _ value: Int32, name: String) throws(SyscallError) {
        try Sys.setsockopt(fd, level: level, name: option, value: value, detail: "\(name)=\(value)")
    }

    private func getOption(_ level: Int32, _ option: Int32, name: String) throws(SyscallError) -> Int32 {
        try Sys.getsockopt(fd, level: level, name: option, detail: name)
    }
}

extension Transport {
    var isInet: Bool { isSocket && !isUnix }
}

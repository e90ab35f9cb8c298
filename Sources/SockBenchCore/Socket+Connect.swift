import Glibc

extension Socket {
    /// connect with a deadline: TCP connects without blocking and waits in poll at most
    /// `timeoutNanoseconds`, so a silent host fails with ETIMEDOUT instead of the kernel's minutes of
    /// SYN retries. ECONNREFUSED, ENETUNREACH, EHOSTUNREACH come back from SO_ERROR as they are.
    /// Other transports connect at once (no handshake), as before.
    public func connect(_ endpoint: Endpoint, timeoutNanoseconds: UInt64) throws(SyscallError) {
        guard transport.isTCP else { return try connect(endpoint) }
        try Sys.setNonBlocking(fd, true)
        do {
            try connect(endpoint)
        } catch where error.errno.rawValue == EINPROGRESS {
            let milliseconds = Int32(clamping: timeoutNanoseconds / 1_000_000)
            guard try Sys.pollOne(fd, events: Int16(POLLOUT), timeoutMilliseconds: milliseconds) else {
                throw SyscallError(call: "connect", errno: .timedOut, detail: "\(endpoint): no answer within \(milliseconds) ms (--connect-timeout)")
            }
            let pending = try Sys.getsockopt(fd, level: SOL_SOCKET, name: SO_ERROR, detail: "SO_ERROR")
            if pending != 0 { throw SyscallError(call: "connect", errno: Errno(rawValue: pending), detail: endpoint.description) }
        }
        try Sys.setNonBlocking(fd, false)
    }
}

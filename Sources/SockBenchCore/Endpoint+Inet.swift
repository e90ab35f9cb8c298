import Glibc

extension Endpoint {
    /// Parses `text` (a numeric IPv4 or IPv6 address) with inet_pton and calls `body` with it.
    static func withInetAddress<R>(
        _ text: String, port: UInt16, for call: String, _ body: (UnsafePointer<sockaddr>, socklen_t) throws(SyscallError) -> R
    ) throws(SyscallError) -> R {
        if text.contains(":") {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            try numericAddress(text, family: AF_INET6, into: &address.sin6_addr, for: call)
            return try asSocketAddress(&address, body)
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        try numericAddress(text, family: AF_INET, into: &address.sin_addr, for: call)
        return try asSocketAddress(&address, body)
    }

    /// Parses `text` with inet_pton into `address` (an in_addr or in6_addr of `family`).
    private static func numericAddress(_ text: String, family: Int32, into address: UnsafeMutableRawPointer, for call: String) throws(SyscallError) {
        guard inet_pton(family, text, address) == 1 else {
            throw SyscallError(call: call, errno: Errno(rawValue: EINVAL), detail: "not a numeric \(family == AF_INET6 ? "IPv6" : "IPv4") address: \(text)")
        }
    }

    /// The endpoint of a bound inet socket: the loopback cases for 127.0.0.1 and ::1 (as before),
    /// `.inet` for any other address.
    static func inetOrLoopback(_ storage: sockaddr_storage, port: UInt16) -> Endpoint {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        if Int32(storage.ss_family) == AF_INET6 {
            var raw = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr } }
            var loopback = in6addr_loopback
            if memcmp(&raw, &loopback, MemoryLayout<in6_addr>.size) == 0 { return .ipv6Loopback(port: port) }
            inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
        } else {
            var raw = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr } }
            if UInt32(bigEndian: raw.s_addr) == 0x7f00_0001 { return .ipv4Loopback(port: port) }
            inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
        }
        return .inet(address: String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), port: port)
    }

    /// The wildcard-port endpoint of `address` (a numeric address or a host name, resolved here for
    /// `transport`'s family) with `port`.
    public static func bindable(_ address: String, transport: Transport, port: UInt16) throws(SyscallError) -> Endpoint {
        .inet(address: try Sys.numericAddress(of: address, family: transport.family), port: port)
    }
}

extension Endpoint {
    /// An address that is not this host's loopback (`--server-address`).
    public var isElsewhere: Bool {
        if case .inet = self { return true }
        return false
    }
}

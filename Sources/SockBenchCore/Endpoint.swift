import Glibc

/// A local address a socket binds or connects to. sockbench only measures this host, so inet
/// endpoints are always the loopback address and only the port varies.
public enum Endpoint: Codable, Sendable, Hashable, CustomStringConvertible {
    case unix(path: String)
    case ipv4Loopback(port: UInt16)
    case ipv6Loopback(port: UInt16)
    /// A numeric IPv4 or IPv6 address on any host (`--server-address`), as inet_ntop spells it.
    case inet(address: String, port: UInt16)
    /// Descriptors a worker holds, which its peer on the same host opens again through
    /// `/proc/PID/fd/N` (pipe and shm: no address to connect to, only objects to share).
    case descriptors(pid: Int32, fds: [Int32])

    public var description: String {
        switch self {
        case .unix(let path): path
        case .ipv4Loopback(let port): "127.0.0.1:\(port)"
        case .ipv6Loopback(let port): "[::1]:\(port)"
        case .inet(let address, let port): address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
        case .descriptors(let pid, let fds): "/proc/\(pid)/fd/{\(fds.map(String.init).joined(separator: ","))}"
        }
    }

    /// The wildcard-port endpoint of `transport`'s family; unix endpoints need a path instead.
    public static func loopback(for transport: Transport, port: UInt16 = 0) -> Endpoint {
        transport.family == AF_INET6 ? .ipv6Loopback(port: port) : .ipv4Loopback(port: port)
    }

    /// sun_path holds 108 bytes including the terminating NUL.
    public static let maximumUnixPathBytes = 107

    /// Calls `body` with this endpoint as a C socket address. Raw C types stay inside this call.
    /// `call` names the call an unrepresentable address fails (a unix path too long for sun_path).
    public func withSocketAddress<R>(
        for call: String, _ body: (UnsafePointer<sockaddr>, socklen_t) throws(SyscallError) -> R
    ) throws(SyscallError) -> R {
        switch self {
        case .unix(let path):
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count <= Endpoint.maximumUnixPathBytes else {
                throw SyscallError(call: call, errno: Errno(rawValue: ENAMETOOLONG), detail: path)
            }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            return try Self.asSocketAddress(&address, body)
        case .ipv4Loopback(let port):
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
            return try Self.asSocketAddress(&address, body)
        case .ipv6Loopback(let port):
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            address.sin6_addr = in6addr_loopback
            return try Self.asSocketAddress(&address, body)
        case .inet(let text, let port):
            return try Self.withInetAddress(text, port: port, for: call, body)
        case .descriptors:
            throw SyscallError(call: call, errno: Errno(rawValue: EAFNOSUPPORT), detail: "\(self) is not a socket address")
        }
    }

    /// Passes a concrete sockaddr_* as the generic `sockaddr` pointer and its length.
    static func asSocketAddress<Address, R>(
        _ address: inout Address, _ body: (UnsafePointer<sockaddr>, socklen_t) throws(SyscallError) -> R
    ) throws(SyscallError) -> R {
        try withUnsafePointer(to: &address) { pointer throws(SyscallError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw throws(SyscallError) in
                try body(raw, socklen_t(MemoryLayout<Address>.size))
            }
        }
    }

    /// Reads the local address of `fd` (after bind to port 0, this is where the kernel's port shows).
    static func local(of fd: Int32, transport: Transport, unixPath: String?) throws(SyscallError) -> Endpoint {
        if transport.isUnix { return .unix(path: unixPath ?? "") }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try withUnsafeMutablePointer(to: &storage) { pointer throws(SyscallError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SyscallError) in
                try Sys.getsockname(fd, address, &length)
            }
        }
        if Int32(storage.ss_family) == AF_INET6 {
            let port = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
            return Self.inetOrLoopback(storage, port: port)
        }
        let port = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
        return Self.inetOrLoopback(storage, port: port)
    }
}

import Glibc

extension Sys {
    /// `host` (a name or a numeric address) as a numeric address of `family` (getaddrinfo, then
    /// getnameinfo with NI_NUMERICHOST). Runs during setup only, never in a measuring loop.
    public static func numericAddress(of host: String, family: Int32) throws(SyscallError) -> String {
        var hints = addrinfo()
        hints.ai_family = family
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            let why = String(cString: gai_strerror(status))
            throw SyscallError(call: "getaddrinfo", errno: Errno(rawValue: EADDRNOTAVAIL), detail: "\(host): \(why)")
        }
        defer { freeaddrinfo(list) }
        var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let named = getnameinfo(first.pointee.ai_addr, first.pointee.ai_addrlen, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST)
        guard named == 0 else {
            throw SyscallError(call: "getnameinfo", errno: Errno(rawValue: EADDRNOTAVAIL), detail: "\(host): \(String(cString: gai_strerror(named)))")
        }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// AF_INET or AF_INET6 for a numeric address, nil for a host name.
    public static func numericFamily(_ address: String) -> Int32? {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 { return AF_INET }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 { return AF_INET6 }
        return nil
    }
}

/// getaddrinfo could not resolve a host name: its own code and message, which are not an errno.
public struct ResolutionError: Error, Sendable, CustomStringConvertible {
    public var host: String
    /// The EAI_* code getaddrinfo returned.
    public var code: Int32
    public var message: String
    public var description: String { "\(host): \(message)" }
}

extension Sys {
    /// Whether `host` resolves to at least one address (getaddrinfo, any family). Setup only: it may
    /// ask the name service.
    public static func resolve(_ host: String) throws(ResolutionError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, list != nil else {
            throw ResolutionError(host: host, code: status, message: String(cString: gai_strerror(status)))
        }
        freeaddrinfo(list)
    }
}

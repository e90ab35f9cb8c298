import SockBenchCore

/// What `--server-address` accepts, checked before any worker starts: a numeric IPv4 address, a
/// numeric IPv6 address without brackets, or a host name that resolves. The port is a separate
/// option (`--server-port`), so `host:port` and `[v6]:port` are refused with a pointer to it.
public enum ServerAddress {
    public static let accepted = "accepted: an IPv4 address (192.0.2.1), an IPv6 address without brackets (::1) or a host name"

    /// Why an address cannot be used: its form (a usage error) or a name that does not resolve.
    public enum Problem: Error, Sendable, CustomStringConvertible {
        case malformed(String)
        case unresolved(String)

        public var description: String {
            switch self {
            case .malformed(let why), .unresolved(let why): "--server-address: \(why); \(ServerAddress.accepted)"
            }
        }
    }

    /// Checks `text`'s form, then resolves a host name (getaddrinfo, which answers `.invalid` names locally).
    public static func check(_ text: String) throws(Problem) {
        if let why = formProblem(text) { throw .malformed(why) }
        if Sys.numericFamily(text) != nil { return }
        do { try Sys.resolve(text) } catch {
            throw .unresolved("'\(text)' does not resolve (\(error.message))")
        }
    }

    /// What is wrong with the form of `text`, or nil for a numeric address or a well-formed host name.
    static func formProblem(_ text: String) -> String? {
        if text.isEmpty || text.contains(where: \.isWhitespace) { return "'\(text)' is not an address or host name" }
        if Sys.numericFamily(text) != nil { return nil }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let inside = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.hasPrefix(":"), let port = Int(rest.dropFirst()) {
                return "'\(text)' carries a port; give it as --server-port \(port) and the address without brackets (\(inside))"
            }
            return "'\(text)': write an IPv6 address without brackets (\(inside))"
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1, let separator = text.lastIndex(of: ":"), let port = Int(text[text.index(after: separator)...]) {
            return "'\(text)' carries a port; give it as --server-port \(port)"
        }
        if colons > 0 { return "'\(text)' is not an IPv6 address" }
        if text.allSatisfy({ $0.isNumber || $0 == "." }) { return "'\(text)' is not an IPv4 address" }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        let wellFormed = text.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        return wellFormed ? nil : "'\(text)' is not a host name"
    }
}

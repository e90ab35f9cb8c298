import Glibc

/// An errno value with its symbolic name, so errors read `ECONNREFUSED`, not `111`.
public struct Errno: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let connectionRefused = Errno(rawValue: ECONNREFUSED)
    public static let connectionReset = Errno(rawValue: ECONNRESET)
    public static let addressInUse = Errno(rawValue: EADDRINUSE)
    public static let noSuchFile = Errno(rawValue: ENOENT)
    public static let messageTooLong = Errno(rawValue: EMSGSIZE)
    public static let timedOut = Errno(rawValue: ETIMEDOUT)
    public static let noSpace = Errno(rawValue: ENOSPC)

    /// The symbolic name (`EADDRINUSE`), or `errno N` for values not in the table.
    public var name: String {
        switch rawValue {
        case EPERM: "EPERM"
        case ENOENT: "ENOENT"
        case EINTR: "EINTR"
        case EIO: "EIO"
        case EBADF: "EBADF"
        case EAGAIN: "EAGAIN"
        case ENOMEM: "ENOMEM"
        case EACCES: "EACCES"
        case EFAULT: "EFAULT"
        case EEXIST: "EEXIST"
        case ENOTDIR: "ENOTDIR"
        case EISDIR: "EISDIR"
        case EINVAL: "EINVAL"
        case EMFILE: "EMFILE"
        case ENOSPC: "ENOSPC"
        case EROFS: "EROFS"
        case EPIPE: "EPIPE"
        case ENAMETOOLONG: "ENAMETOOLONG"
        case ENOTSOCK: "ENOTSOCK"
        case EMSGSIZE: "EMSGSIZE"
        case EPROTOTYPE: "EPROTOTYPE"
        case ENOPROTOOPT: "ENOPROTOOPT"
        case EPROTONOSUPPORT: "EPROTONOSUPPORT"
        case EOPNOTSUPP: "EOPNOTSUPP"
        case EAFNOSUPPORT: "EAFNOSUPPORT"
        case EADDRINUSE: "EADDRINUSE"
        case EADDRNOTAVAIL: "EADDRNOTAVAIL"
        case ENETUNREACH: "ENETUNREACH"
        case EHOSTUNREACH: "EHOSTUNREACH"
        case ECONNABORTED: "ECONNABORTED"
        case ECONNRESET: "ECONNRESET"
        case ENOBUFS: "ENOBUFS"
        case EISCONN: "EISCONN"
        case ENOTCONN: "ENOTCONN"
        case ETIMEDOUT: "ETIMEDOUT"
        case ECONNREFUSED: "ECONNREFUSED"
        case EINPROGRESS: "EINPROGRESS"
        case ESRCH: "ESRCH"
        case ECHILD: "ECHILD"
        case ENOSYS: "ENOSYS"
        case ETIME: "ETIME"
        case ECANCELED: "ECANCELED"
        case EBUSY: "EBUSY"
        default: "errno \(rawValue)"
        }
    }

    /// `ECONNREFUSED (Connection refused)`.
    public var description: String {
        guard let message = strerror(rawValue) else { return name }
        return "\(name) (\(String(cString: message)))"
    }

    public static func ~= (pattern: Errno, error: any Error) -> Bool {
        (error as? SyscallError)?.errno == pattern
    }
}

/// A system call that failed: which call and what errno it set.
public struct SyscallError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The call's name as a user would look it up (`connect`, `bind`, `sendto`).
    public var call: String
    public var errno: Errno
    /// What the call was doing, such as the address or option (`/tmp/x/s.sock`, `SO_SNDBUF`).
    public var detail: String?

    public init(call: String, errno: Errno, detail: String? = nil) {
        self.call = call
        self.errno = errno
        self.detail = detail
    }

    public var description: String {
        if let detail { return "\(call)(\(detail)) failed: \(errno)" }
        return "\(call) failed: \(errno)"
    }
}

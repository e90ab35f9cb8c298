import Glibc

/// File and process calls of the cold paths (run directories, socket-directory sweeps), through the
/// same door as the socket calls: EINTR retried, failures thrown as `SyscallError` naming the path.
extension Sys {
    /// What a path is, from lstat; nil when it does not exist.
    public enum FileKind: Sendable { case directory, other }

    public static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws(SyscallError) -> Int32 {
        try retrying("open", detail: path) { Glibc.open(path, flags | O_CLOEXEC, mode) }
    }

    /// Writes all of `bytes`, looping over short writes.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(SyscallError) {
        var offset = 0
        while offset < bytes.count {
            let outcome = bytes.withUnsafeBytes { raw in
                Result { () throws(SyscallError) in try retrying("write") { Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset) } }
            }
            offset += try outcome.get()
        }
    }

    public static func fsync(_ fd: Int32) throws(SyscallError) {
        _ = try retrying("fsync") { Glibc.fsync(fd) }
    }

    /// The size of an open file in bytes.
    public static func size(_ fd: Int32) throws(SyscallError) -> Int {
        var info = stat()
        _ = try retrying("fstat") { Glibc.fstat(fd, &info) }
        return Int(info.st_size)
    }

    public static func truncate(_ fd: Int32, to size: Int) throws(SyscallError) {
        _ = try retrying("ftruncate") { Glibc.ftruncate(fd, off_t(size)) }
    }

    public static func rename(_ from: String, _ to: String) throws(SyscallError) {
        _ = try retrying("rename", detail: to) { Glibc.rename(from, to) }
    }

    /// Creates one directory; false when something already exists at `path`.
    public static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws(SyscallError) -> Bool {
        do {
            _ = try retrying("mkdir", detail: path) { Glibc.mkdir(path, mode) }
            return true
        } catch where error.errno == Errno(rawValue: EEXIST) {
            return false
        }
    }

    /// Whether `path` is a directory, something else, or nothing. `followLinks: false` looks at a
    /// link itself (lstat); `ownedByMe` counts anything owned by another user as `.other`.
    public static func kind(_ path: String, followLinks: Bool = true, ownedByMe: Bool = false) -> FileKind? {
        var info = stat()
        let status: Int32 = followLinks ? stat(path, &info) : lstat(path, &info)
        guard status == 0 else { return nil }
        if ownedByMe && info.st_uid != getuid() { return .other }
        return info.st_mode & S_IFMT == S_IFDIR ? .directory : .other
    }

    /// Whether a process with this pid exists (kill with signal 0; EPERM still means it exists).
    public static func processExists(_ pid: pid_t) -> Bool {
        do {
            try kill(pid, 0)
            return true
        } catch {
            return error.errno != Errno(rawValue: ESRCH)
        }
    }
}

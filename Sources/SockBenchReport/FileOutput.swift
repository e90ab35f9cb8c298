import Foundation
import SockBenchCore

/// The only place the tool writes files. Whole files are written atomically (a temporary file in
/// the same directory, fsync, rename), so a crash, Ctrl-C or full disk leaves the previous version
/// intact; appends are fsynced line by line.
public enum FileOutput {
    public static func writeAtomically(_ text: String, to path: String) throws(ReportError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = "\(directory)/.\((path as NSString).lastPathComponent).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotWrite("cannot create \(temporary): \(Errno(rawValue: errno))") }
        do throws(ReportError) {
            try writeAll(Array(text.utf8), to: fd, path: path)
            guard fsync(fd) == 0 else { throw ReportError.cannotWrite("cannot write \(path): \(Errno(rawValue: errno))") }
            close(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .cannotWrite("cannot replace \(path): \(Errno(rawValue: code))")
        }
    }

    /// Appends one line and fsyncs it. On a short write (disk full) the partial line is cut off again
    /// so the file keeps only whole rows.
    public static func append(_ text: String, to path: String) throws(ReportError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotWrite("cannot open \(path): \(Errno(rawValue: errno))") }
        defer { close(fd) }
        var info = stat()
        let before = fstat(fd, &info) == 0 ? off_t(info.st_size) : -1
        do throws(ReportError) {
            try writeAll(Array(text.utf8), to: fd, path: path)
            guard fsync(fd) == 0 else { throw ReportError.cannotWrite("cannot write \(path): \(Errno(rawValue: errno))") }
        } catch {
            if before >= 0 { _ = ftruncate(fd, before) }
            throw error
        }
    }

    /// Creates `path` and its parents; fails with a clear message if a file is in the way.
    public static func makeDirectory(_ path: String) throws(ReportError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .cannotWrite("\(path) exists and is not a directory") }
            guard access(path, W_OK) == 0 else { throw .cannotWrite("\(path) is not writable: \(Errno(rawValue: errno))") }
            return
        }
        // mkdir -p by hand, so the error names the component that failed and the errno.
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/\(component)"
            if mkdir(prefix, 0o755) != 0 {
                let code = errno
                var info = stat()
                if code == EEXIST, stat(prefix, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { continue }
                let why = code == EEXIST || code == ENOTDIR ? "\(prefix) is not a directory" : "\(Errno(rawValue: code))"
                throw .cannotWrite("cannot create directory \(path): \(why)")
            }
        }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(ReportError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in write(fd, raw.baseAddress! + offset, raw.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite("cannot write \(path): \(Errno(rawValue: errno))")
            }
            offset += written
        }
    }
}

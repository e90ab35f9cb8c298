import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats

/// The only place the tool writes files. Whole files are written atomically (a temporary file in
/// the same directory, fsync, rename), so a crash, Ctrl-C or full disk leaves the previous version
/// intact. What is written while measuring (a measurement's row and histogram) skips the fsync:
/// it is in the page cache, which outlives the process (Ctrl-C, a dead worker, a killed
/// coordinator), and the run's end syncs it (`sync`). Two fsyncs per measurement would wait for
/// the disk between measurements, and their I/O completions arrive as interrupts on the
/// measuring CPUs.
public enum FileOutput {
    /// `durable: false` keeps the atomic rename but leaves the data to the page cache.
    public static func writeAtomically(_ text: String, to path: String, durable: Bool = true) throws(ReportError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = "\(directory)/.\((path as NSString).lastPathComponent).tmp-\(getpid())"
        do throws(SyscallError) {
            let fd = try Sys.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
            defer { Sys.close(fd) }
            try Sys.writeAll(fd, Array(text.utf8))
            if durable { try Sys.fsync(fd) }
        } catch {
            try? Sys.unlink(temporary)
            throw .cannotWrite("cannot write \(path): \(error.errno)")
        }
        do {
            try Sys.rename(temporary, path)
        } catch {
            try? Sys.unlink(temporary)
            throw .cannotWrite("cannot replace \(path): \(error.errno)")
        }
    }

    /// Appends one line (no fsync: see above). On a short write (disk full) the partial line is cut
    /// off again so the file keeps only whole rows.
    public static func append(_ text: String, to path: String) throws(ReportError) {
        let fd: Int32
        do { fd = try Sys.open(path, flags: O_WRONLY | O_APPEND) } catch {
            throw .cannotWrite("cannot open \(path): \(error.errno)")
        }
        defer { Sys.close(fd) }
        let before = try? Sys.size(fd)
        do throws(SyscallError) {
            try Sys.writeAll(fd, Array(text.utf8))
        } catch {
            if let before { try? Sys.truncate(fd, to: before) }
            throw .cannotWrite("cannot write \(path): \(error.errno)")
        }
    }

    /// Cuts a file appended to back to its first `size` bytes (a row left half-written by a crash).
    public static func truncate(_ path: String, to size: Int) throws(ReportError) {
        do throws(SyscallError) {
            let fd = try Sys.open(path, flags: O_WRONLY)
            defer { Sys.close(fd) }
            try Sys.truncate(fd, to: size)
        } catch {
            throw .cannotWrite("cannot write \(path): \(error.errno)")
        }
    }

    /// Flushes a file appended to while measuring to the disk, once, at the end of a run.
    public static func sync(_ path: String) throws(ReportError) {
        do throws(SyscallError) {
            let fd = try Sys.open(path, flags: O_WRONLY)
            defer { Sys.close(fd) }
            try Sys.fsync(fd)
        } catch {
            throw .cannotWrite("cannot write \(path): \(error.errno)")
        }
    }

    /// Why `path` could not be written as a whole file, known without writing it: a directory in
    /// the way, or a parent that is missing, not a directory or not writable. Lets a command refuse
    /// a bad output path before it spends minutes measuring.
    public static func writeProblem(_ path: String) -> ReportError? {
        if Sys.kind(path) == .directory { return .cannotWrite("cannot write \(path): it is a directory") }
        let parent = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        switch Sys.kind(parent) {
        case nil: return .cannotWrite("cannot write \(path): \(parent) does not exist")
        case .other: return .cannotWrite("cannot write \(path): \(parent) is not a directory")
        case .directory:
            return FileManager.default.isWritableFile(atPath: parent) ? nil : .cannotWrite("cannot write \(path): \(parent) is not writable")
        }
    }

    /// Why files could not be written into the directory `path`, known without creating it: a file in
    /// the way, or a nearest existing parent that is not a writable directory. Nil when `path` is a
    /// writable directory or can be made one.
    public static func directoryProblem(_ path: String) -> ReportError? {
        if let kind = Sys.kind(path) {
            guard kind == .directory else { return .cannotWrite("\(path) exists and is not a directory") }
            return FileManager.default.isWritableFile(atPath: path) ? nil : .cannotWrite("cannot write into \(path): it is not writable")
        }
        var parent = (path as NSString).deletingLastPathComponent
        while !parent.isEmpty, Sys.kind(parent) == nil { parent = (parent as NSString).deletingLastPathComponent }
        if parent.isEmpty { parent = "." }
        guard Sys.kind(parent) == .directory else { return .cannotWrite("cannot create directory \(path): \(parent) is not a directory") }
        guard FileManager.default.isWritableFile(atPath: parent) else { return .cannotWrite("cannot create directory \(path): \(parent) is not writable") }
        return nil
    }

    /// Creates `path` and its parents (mkdir -p by hand, so the error names the component that
    /// failed and the errno); fails with a clear message if a file is in the way.
    public static func makeDirectory(_ path: String) throws(ReportError) {
        switch Sys.kind(path) {
        case .directory: return
        case .other: throw .cannotWrite("\(path) exists and is not a directory")
        case nil: break
        }
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/\(component)"
            do {
                if try Sys.makeDirectory(prefix) { continue }
            } catch {
                let why = error.errno == Errno(rawValue: ENOTDIR) ? "\(prefix) is not a directory" : "\(error.errno)"
                throw .cannotWrite("cannot create directory \(path): \(why)")
            }
            guard Sys.kind(prefix) == .directory else {
                throw .cannotWrite("cannot create directory \(path): \(prefix) is not a directory")
            }
        }
    }
}

import Foundation

/// A deliberately slow sender, injected from outside the measuring code: Tests/SlowSend/slow_send.c
/// compiled into a shared object that a `sockbench` process and its workers load with LD_PRELOAD.
/// Every send (and write) spins `nanoseconds` first.
final class SlowSender {
    /// Holds the compiled library; removed by `remove()` (call it in a `defer`).
    let directory: String
    let library: String

    /// Compiles the interposer with the system C compiler into a fresh temporary directory.
    init() throws {
        directory = Scratch.directory()
        library = directory + "/libslowsend.so"
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SlowSend/slow_send.c").path
        var failures: [String] = []
        for compiler in ["cc", "clang", "gcc"] {
            let compile = Process()
            compile.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            compile.arguments = [compiler, "-shared", "-fPIC", "-O2", "-o", library, source, "-ldl"]
            let errors = Pipe()
            compile.standardError = errors
            do { try compile.run() } catch { failures.append("\(compiler): \(error)"); continue }
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            compile.waitUntilExit()
            if compile.terminationStatus == 0 { return }
            failures.append("\(compiler): \(message)")
        }
        remove()
        throw SlowSenderError(reason: "could not compile \(source): \(failures.joined(separator: "; "))")
    }

    /// The environment that makes a `sockbench` process (and the workers it spawns) spin this long per send.
    func environment(nanoseconds: Int) -> [String: String] {
        ["LD_PRELOAD": library, "SOCKBENCH_SLOW_SEND_NS": String(nanoseconds)]
    }

    func remove() {
        Scratch.remove(directory)
    }
}

struct SlowSenderError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}

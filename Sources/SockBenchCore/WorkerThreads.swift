import Glibc
import Synchronization

/// Runs one body per thread of a worker process (`--threads`) and collects what each returned.
/// Each thread pins itself to its core, when it has one, before its body runs.
public enum WorkerThreads {
    /// Runs `body(index)` on `count` new threads, thread `index` pinned to `cores[index]` when
    /// given, and returns each thread's outcome in thread order once every thread has ended.
    public static func run<Value: Sendable>(
        count: Int, cores: [Int]?, _ body: @escaping @Sendable (Int) throws(SyscallError) -> Value
    ) throws(SyscallError) -> [Value] {
        let outcomes = Outcomes<Value>(count: count)
        var threads: [pthread_t] = []
        threads.reserveCapacity(count)
        defer { for thread in threads { Sys.joinThread(thread) } }
        for index in 0..<count {
            let core = cores.flatMap { index < $0.count ? $0[index] : nil }
            let start = ThreadStart {
                do throws(SyscallError) {
                    if let core { try Sys.pinToCPU(core) }
                    outcomes.store(index, .success(try body(index)))
                } catch {
                    outcomes.store(index, .failure(error))
                }
            }
            let argument = Unmanaged.passRetained(start).toOpaque()
            do {
                threads.append(try Sys.startThread({ raw in
                    Unmanaged<ThreadStart>.fromOpaque(raw!).takeRetainedValue().body()
                    return nil
                }, argument))
            } catch {
                Unmanaged<ThreadStart>.fromOpaque(argument).release()
                throw error
            }
        }
        for thread in threads { Sys.joinThread(thread) }
        threads.removeAll()
        return try outcomes.values()
    }
}

/// What a new thread runs; passed through pthread_create's argument, retained once.
private final class ThreadStart: Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}

/// The threads' outcomes, one slot each, written by the thread and read after every join.
private final class Outcomes<Value: Sendable>: Sendable {
    private let slots: Mutex<[Result<Value, SyscallError>?]>

    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    func store(_ index: Int, _ outcome: Result<Value, SyscallError>) {
        slots.withLock { $0[index] = outcome }
    }

    /// Every thread's value in order, or the first thread's error (the lowest thread that failed).
    func values() throws(SyscallError) -> [Value] {
        let all = slots.withLock { $0 }
        var values: [Value] = []
        for slot in all {
            switch slot {
            case .success(let value)?: values.append(value)
            case .failure(let error)?: throw error
            case nil: throw SyscallError(call: "pthread_join", errno: .timedOut, detail: "a thread ended without an outcome")
            }
        }
        return values
    }
}

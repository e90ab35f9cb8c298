import CAllocationCounter
import Glibc
@testable import SockBenchCore

/// One prepared end run by WorkerSetup on its own pthread; `result` and `failure` are read after `join()`.
final class EndThread {
    private var end: PreparedEnd?
    private var thread = pthread_t()
    private(set) var result: WorkerResult?
    private(set) var failure: String?
    /// This thread's allocations during `WorkerSetup.run`: buffers and result fields included, so
    /// only a difference between two message counts says anything about the loop.
    private(set) var allocations: UInt64 = 0

    init(_ end: consuming PreparedEnd) { self.end = consume end }

    func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { raw in
            Unmanaged<EndThread>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, context)
    }

    func join() { pthread_join(thread, nil) }

    private func body() {
        guard let end = end.take() else { return }
        let before = csb_thread_allocations()
        do { result = try WorkerSetup.run(end, peer: nil) } catch { failure = error.description }
        allocations = csb_thread_allocations() - before
    }
}

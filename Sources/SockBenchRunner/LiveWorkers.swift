import Foundation
import Synchronization

/// Every live worker in a fixed table, so a signal handler can kill them all without allocating or
/// locking: a pid, or minus the process group of a launched worker (0 = free slot). Lock-free atomic
/// loads and stores are async-signal-safe; a lock or a growing array would not be.
enum LiveWorkers {
    private static let slots: InlineArray<512, Atomic<pid_t>> = InlineArray { _ in Atomic(0) }

    static func track(_ pid: pid_t, group: Bool) {
        let entry = group ? -pid : pid
        for slot in slots.indices where slots[slot].compareExchange(expected: 0, desired: entry, ordering: .sequentiallyConsistent).exchanged {
            return
        }
    }

    static func untrack(_ pid: pid_t) {
        for slot in slots.indices {
            _ = slots[slot].compareExchange(expected: pid, desired: 0, ordering: .sequentiallyConsistent)
            _ = slots[slot].compareExchange(expected: -pid, desired: 0, ordering: .sequentiallyConsistent)
        }
    }

    /// Async-signal-safe: SIGKILLs every tracked worker (and a launched one's whole group). Calls
    /// kill(2) directly: the Sys wrapper may build an error value, which allocates.
    static func killAll() {
        for slot in slots.indices {
            let entry = slots[slot].load(ordering: .sequentiallyConsistent)
            if entry != 0 { Glibc.kill(entry, SIGKILL) }
        }
    }

    /// Runs the table's one-time initialisation, so a signal handler never does.
    static func prepare() {
        _ = slots[0].load(ordering: .relaxed)
    }
}

extension WorkerProcess {
    /// Async-signal-safe: SIGKILLs every live worker (and a launched one's whole group).
    public static func killAllFromSignalHandler() { LiveWorkers.killAll() }
}

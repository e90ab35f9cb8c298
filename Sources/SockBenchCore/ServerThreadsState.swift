import Synchronization

/// What the threads of one `--connections` server share. Touched per connection (accept, close) and
/// per idle wait, never per message.
///
/// `ended` is the run's end for every thread: a thread stops when the connections closed (or, for
/// datagrams, end datagrams received) across all threads reach `total`. `open` keeps each accepted
/// descriptor by connection index, so whatever an error leaves open is closed after the join.
public final class ServerThreadsState: Sendable {
    public let total: Int
    /// Threads serving, each with its own loop.
    public let threads: Int
    /// Every thread's epoll descriptor, by thread (none for datagrams): an AF_UNIX acceptor registers a connection in the
    /// epoll set of the thread it hands it to.
    public let epolls: [Int32]
    let accepted = Atomic<Int>(0)
    let ended = Atomic<Int>(0)
    let open: Mutex<[Int32]>

    public init(total: Int, threads: Int, epolls: [Int32]) {
        self.total = total
        self.threads = threads
        self.epolls = epolls
        open = Mutex(Array(repeating: -1, count: total))
    }

    /// The next connection's index, unique across threads.
    func nextIndex() -> Int { accepted.add(1, ordering: .relaxed).oldValue }

    /// Connections accepted so far by every thread.
    var acceptedCount: Int { accepted.load(ordering: .relaxed) }

    /// Connections ended so far by every thread.
    var endedCount: Int { ended.load(ordering: .acquiring) }

    /// One more connection (or datagram client) ended.
    func end() { ended.add(1, ordering: .releasing) }

    func remember(_ fd: Int32, at index: Int) { open.withLock { $0[index] = fd } }

    func forget(at index: Int) { open.withLock { $0[index] = -1 } }

    /// Closes every descriptor no thread closed (after an error); call after every thread has ended.
    public func closeLeftovers() {
        let left = open.withLock { table in
            defer { for index in table.indices { table[index] = -1 } }
            return table.filter { $0 >= 0 }
        }
        for fd in left { Sys.close(fd) }
    }
}

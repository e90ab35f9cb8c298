/// What one thread of a `--connections` server counts while it echoes: the requests it answered,
/// when it answered the first and when the last connection (or client socket) ended, and its CPU
/// time from the moment it is made. The epoll and the datagram server keep their counts here.
struct EchoTally {
    private(set) var messages = 0
    private var firstEcho: UInt64 = 0
    private var lastEnd: UInt64 = 0
    private let cpuStart = CPUUsage.current()

    /// One request answered.
    @inline(__always)
    mutating func echoed() {
        if messages == 0 { firstEcho = MonotonicClock.nanoseconds() }
        messages &+= 1
    }

    /// A connection (or a client socket's end datagram) ended.
    mutating func ended() { lastEnd = MonotonicClock.nanoseconds() }

    /// The thread's tally: its interval runs from the first echo to the last end (or now).
    func tally(thread: Int, job: WorkerJob) -> ThreadTally {
        let end = lastEnd > firstEcho ? lastEnd : MonotonicClock.nanoseconds()
        return ThreadTally(messages: messages, elapsedNanoseconds: messages > 0 ? end &- firstEcho : 0, cpu: CPUUsage.current() - cpuStart, core: job.threadCore(thread))
    }
}

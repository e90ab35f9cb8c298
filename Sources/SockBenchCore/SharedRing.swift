import CSockBenchLoops
import Glibc
import Synchronization

/// One worker's end of the shm transport: two single-producer single-consumer byte rings in one
/// memory file (memfd) that both workers map, client→server (direction 0) and server→client (1).
///
/// A message is copied into the ring whole and published by advancing `head`; the receiver copies
/// it out whole and frees it by advancing `tail`. The copies stand where a socket's copies into and
/// out of the kernel stand, so the comparison moves the same bytes; what is missing is the kernel.
///
/// Memory ordering: each index has one writer. The producer writes the bytes, then stores `head`
/// with release; the consumer loads `head` with acquire before reading those bytes, so it never
/// reads a slot before its bytes are visible. The consumer stores `tail` with release after
/// copying out; the producer loads `tail` with acquire before it overwrites that space. Indices
/// count bytes from 0 and never wrap (2^64 bytes), so `head - tail` is the fill level.
///
/// Waiting (`--mode blocking`): a side about to sleep sets its `waiting` flag, issues a sequentially
/// consistent fence, and looks at the ring again before futex-waiting on its `signal` word; the other
/// side publishes, issues the same fence, and if the flag is set bumps the word and wakes it. One of
/// the two fences comes second, so either the sleeper sees the new index or the waker sees the flag
/// (Dekker), and the futex's compare-and-sleep closes the window between the last look and the sleep.
/// `--mode busy-poll` only spins on the indices (acquire loads), never touching the flags.
public struct SharedRing: ~Copyable {
    /// Bytes of the control page in front of the two data rings; its layout, one `csbl_ring_control`
    /// per direction, is CSockBenchLoops.h's, which the C loops map too.
    static let controlBytes = Int(CSBL_RING_CONTROL_BYTES)

    private let base: UnsafeMutableRawPointer
    private let length: Int
    /// The memory file: the server's memfd or the client's reopened descriptor; closed in deinit.
    private let fd: Int32
    public let capacity: Int
    private let mask: Int
    private let busyPoll: Bool
    private let idleTimeoutNanoseconds: UInt64
    /// The direction this end writes and the one it reads.
    private let output: Direction
    private let input: Direction
    /// This end's own index of each ring (it is their only writer) and the last value it saw of
    /// the other side's, so the common case reads no shared line that the other side writes.
    private var head: UInt64 = 0
    private var tailSeen: UInt64 = 0
    private var tail: UInt64 = 0
    private var headSeen: UInt64 = 0

    /// Pointers into one direction's control block and data.
    struct Direction {
        let head: UnsafeMutablePointer<Atomic<UInt64>>
        let tail: UnsafeMutablePointer<Atomic<UInt64>>
        let consumerWaiting: UnsafeMutablePointer<Atomic<UInt32>>
        let producerWaiting: UnsafeMutablePointer<Atomic<UInt32>>
        let closed: UnsafeMutablePointer<Atomic<UInt32>>
        /// Futex words: bumped when data arrives for a sleeping consumer, space for a sleeping producer.
        let dataSignal: UnsafeMutablePointer<Atomic<UInt32>>
        let spaceSignal: UnsafeMutablePointer<Atomic<UInt32>>
        let data: UnsafeMutableRawPointer

        init(base: UnsafeMutableRawPointer, index: Int, capacity: Int) {
            let control = base + index * Int(CSBL_RING_BLOCK_BYTES)
            /// The field of this direction's `csbl_ring_control`, as the atomic it is used as.
            func word<Value: AtomicRepresentable>(_ field: KeyPath<csbl_ring_control, Value>) -> UnsafeMutablePointer<Atomic<Value>> {
                (control + MemoryLayout<csbl_ring_control>.offset(of: field)!).assumingMemoryBound(to: Atomic<Value>.self)
            }
            head = word(\.head)
            tail = word(\.tail)
            consumerWaiting = word(\.consumer_waiting)
            producerWaiting = word(\.producer_waiting)
            closed = word(\.closed)
            dataSignal = word(\.data_signal)
            spaceSignal = word(\.space_signal)
            data = base + SharedRing.controlBytes + index * capacity
        }

        /// The word the kernel compares and sleeps on (the atomic's storage, a plain UInt32).
        static func futexWord(_ word: UnsafeMutablePointer<Atomic<UInt32>>) -> UnsafeMutablePointer<UInt32> {
            UnsafeMutableRawPointer(word).assumingMemoryBound(to: UInt32.self)
        }
    }

    private init(fd: Int32, base: UnsafeMutableRawPointer, length: Int, capacity: Int, role: Role, job: WorkerJob) {
        self.fd = fd
        self.base = base
        self.length = length
        self.capacity = capacity
        self.mask = capacity - 1
        self.busyPoll = job.options.mode == .busyPoll
        self.idleTimeoutNanoseconds = job.idleTimeoutNanoseconds
        let clientToServer = Direction(base: base, index: 0, capacity: capacity)
        let serverToClient = Direction(base: base, index: 1, capacity: capacity)
        (output, input) = role == .client ? (clientToServer, serverToClient) : (serverToClient, clientToServer)
    }

    deinit {
        Sys.unmap(base, length: length)
        Sys.close(fd)
    }

    /// Bytes of the memory file for rings of `capacity` bytes each way.
    static func fileBytes(capacity: Int) -> Int { controlBytes + 2 * capacity }

    /// Server: a new memory file holding both rings, sized for the job, mapped and zeroed.
    public static func create(_ job: WorkerJob) throws(SyscallError) -> SharedRing {
        let capacity = ringBytes(requested: job.options.sendBufferBytes, messageBytes: max(job.sizeBytes, job.replyBytes))
        let length = fileBytes(capacity: capacity)
        let fd = try Sys.memoryFile(name: "sockbench-shm-\(job.pairIndex)")
        do {
            try Sys.truncate(fd, to: length)
            let base = try Sys.mapShared(fd, length: length)
            let ring = SharedRing(fd: fd, base: base, length: length, capacity: capacity, role: .server, job: job)
            // A new memfd reads as zeros, which is what every index and flag starts as; say so anyway.
            for direction in [ring.input, ring.output] {
                direction.head.initialize(to: Atomic(0))
                direction.tail.initialize(to: Atomic(0))
                for word in [direction.consumerWaiting, direction.producerWaiting, direction.closed, direction.dataSignal, direction.spaceSignal] {
                    word.initialize(to: Atomic(0))
                }
            }
            return ring
        } catch {
            Sys.close(fd)
            throw error
        }
    }

    /// Where the client finds the memory file: this process's descriptor.
    public var endpoint: Endpoint { .descriptors(pid: getpid(), fds: [fd]) }

    /// Client: the server's memory file, opened again through /proc and mapped.
    public static func open(_ server: Endpoint, job: WorkerJob) throws(SyscallError) -> SharedRing {
        guard case .descriptors(let pid, let fds) = server, fds.count == 1 else {
            throw SyscallError(call: "open", errno: Errno(rawValue: EINVAL), detail: "shm endpoint \(server)")
        }
        let capacity = ringBytes(requested: job.options.sendBufferBytes, messageBytes: max(job.sizeBytes, job.replyBytes))
        let length = fileBytes(capacity: capacity)
        let fd = try Sys.open("/proc/\(pid)/fd/\(fds[0])", flags: O_RDWR)
        do throws(SyscallError) {
            let size = try Sys.size(fd)
            guard size == length else {
                throw SyscallError(call: "open", errno: Errno(rawValue: EINVAL), detail: "shm file of \(size) bytes, expected \(length)")
            }
            let base = try Sys.mapShared(fd, length: length)
            return SharedRing(fd: fd, base: base, length: length, capacity: capacity, role: .client, job: job)
        } catch {
            Sys.close(fd)
            throw error
        }
    }

    /// The ring's bytes each way, reported where a socket reports SO_SNDBUF and SO_RCVBUF.
    public var effectiveBuffers: EffectiveBuffers { EffectiveBuffers(sendBufferBytes: capacity, receiveBufferBytes: capacity) }

    /// Hands the mapping and this end's indices to a C reference loop (CSockBenchLoops/ring.h).
    func describe(to loop: inout csbl_loop) {
        loop.ring_base = base.assumingMemoryBound(to: UInt8.self)
        loop.ring_capacity = capacity
        loop.ring_output = output.data == base + SharedRing.controlBytes ? 0 : 1
        loop.ring_head = head
        loop.ring_tail_seen = tailSeen
        loop.ring_tail = tail
        loop.ring_head_seen = headSeen
    }

    // MARK: Sizes

    /// The smallest and largest ring, and the ring when `--sndbuf` does not set one.
    public static let minimumRingBytes = 4096
    public static let maximumRingBytes = 1 << 30
    public static let defaultRingBytes = 256 << 10

    /// The ring's bytes each way: `requested` (`--sndbuf`) or the default, rounded up to a power of
    /// two (the index arithmetic masks) and to at least the largest message (a message is written whole).
    public static func ringBytes(requested: Int?, messageBytes: Int) -> Int {
        let wanted = max(requested ?? defaultRingBytes, minimumRingBytes, requested == nil ? messageBytes : 0)
        return powerOfTwo(atLeast: wanted)
    }

    /// Whether a ring of `requested` bytes (nil: the default) holds messages of `messageBytes`.
    public static func fits(requested: Int?, messageBytes: Int) -> Bool {
        guard let requested else { return messageBytes <= maximumRingBytes }
        return requested <= maximumRingBytes && powerOfTwo(atLeast: max(requested, minimumRingBytes)) >= messageBytes
    }

    /// The smallest power of two at or above `value` (value ≥ 1).
    public static func powerOfTwo(atLeast value: Int) -> Int {
        value <= 1 ? 1 : 1 << (Int.bitWidth - (value - 1).leadingZeroBitCount)
    }

    // MARK: Sending

    /// Copies `count` bytes (at most `capacity`) into the output ring as one message and publishes it,
    /// waiting for space in the mode's way.
    @inline(__always)
    public mutating func send(_ buffer: UnsafeRawPointer, _ count: Int) throws(SyscallError) {
        if head &- tailSeen &+ UInt64(truncatingIfNeeded: count) > UInt64(truncatingIfNeeded: capacity) { try waitForSpace(count) }
        let offset = Int(truncatingIfNeeded: head) & mask
        let first = min(count, capacity &- offset)
        (output.data + offset).copyMemory(from: buffer, byteCount: first)
        if first < count { output.data.copyMemory(from: buffer + first, byteCount: count &- first) }
        head &+= UInt64(truncatingIfNeeded: count)
        output.head.pointee.store(head, ordering: .releasing)
        if !busyPoll { try wake(output.consumerWaiting, output.dataSignal) }
    }

    /// Ends the output: the peer's receive returns `.endOfStream` once it has taken every message.
    public func closeOutput() throws(SyscallError) {
        output.closed.pointee.store(1, ordering: .releasing)
        try wake(output.consumerWaiting, output.dataSignal)
    }

    @inline(never)
    private mutating func waitForSpace(_ count: Int) throws(SyscallError) {
        let needed = UInt64(truncatingIfNeeded: capacity &- count)
        var wait = Wait()
        while true {
            tailSeen = output.tail.pointee.load(ordering: .acquiring)
            if head &- tailSeen <= needed { return }
            let expected = output.spaceSignal.pointee.load(ordering: .acquiring)
            let ready = try sleepOrSpin(&wait, flag: output.producerWaiting, signal: output.spaceSignal, expected: expected) {
                head &- output.tail.pointee.load(ordering: .acquiring) <= needed
            }
            if !ready {
                throw SyscallError(call: "ring", errno: .timedOut, detail: "peer took nothing for \(idleTimeoutNanoseconds / 1_000_000) ms")
            }
        }
    }

    // MARK: Receiving

    /// Takes one message of `count` bytes from the input ring into `buffer`, waiting in the mode's way.
    /// `.endOfStream` when the peer closed with no message left; `.timedOut` after the idle timeout.
    @inline(__always)
    public mutating func receive(_ buffer: UnsafeMutableRawPointer, _ count: Int) throws(SyscallError) -> ReceiveOutcome {
        if headSeen &- tail < UInt64(truncatingIfNeeded: count), let ending = try waitForData(count) { return ending }
        let offset = Int(truncatingIfNeeded: tail) & mask
        let first = min(count, capacity &- offset)
        buffer.copyMemory(from: input.data + offset, byteCount: first)
        if first < count { (buffer + first).copyMemory(from: input.data, byteCount: count &- first) }
        tail &+= UInt64(truncatingIfNeeded: count)
        input.tail.pointee.store(tail, ordering: .releasing)
        if !busyPoll { try wake(input.producerWaiting, input.spaceSignal) }
        return .bytes(count)
    }

    /// Nil once a whole message is there; else why none will come.
    @inline(never)
    private mutating func waitForData(_ count: Int) throws(SyscallError) -> ReceiveOutcome? {
        let wanted = UInt64(truncatingIfNeeded: count)
        var wait = Wait()
        while true {
            headSeen = input.head.pointee.load(ordering: .acquiring)
            if headSeen &- tail >= wanted { return nil }
            if input.closed.pointee.load(ordering: .acquiring) != 0 {
                // `head` was published before `closed`: one more look sees the last message.
                headSeen = input.head.pointee.load(ordering: .acquiring)
                if headSeen &- tail >= wanted { return nil }
                if headSeen == tail { return .endOfStream }
                throw SyscallError(call: "ring", errno: .connectionReset, detail: "peer closed inside a message (\(headSeen &- tail) of \(count) bytes)")
            }
            let expected = input.dataSignal.pointee.load(ordering: .acquiring)
            let ready = try sleepOrSpin(&wait, flag: input.consumerWaiting, signal: input.dataSignal, expected: expected) {
                input.head.pointee.load(ordering: .acquiring) &- tail >= wanted || input.closed.pointee.load(ordering: .acquiring) != 0
            }
            if !ready { return .timedOut }
        }
    }

    // MARK: Waiting

    /// How long this wait has lasted: spins since it began, and when it began.
    struct Wait {
        /// Read at the first clock check, not on entry: a busy-poll ping-pong enters a wait for
        /// every message, and a clock read each time would be part of the floor.
        var since: UInt64 = 0
        var spins = 0
    }

    /// One turn of a wait. Busy-poll: spin (reading the clock every 4096 turns). Blocking: announce
    /// the sleep, fence, look again (`ready`), and futex-wait on `signal` while it holds `expected`.
    /// False once the idle timeout has passed with nothing ready.
    @inline(__always)
    private func sleepOrSpin(
        _ wait: inout Wait, flag: UnsafeMutablePointer<Atomic<UInt32>>, signal: UnsafeMutablePointer<Atomic<UInt32>>,
        expected: UInt32, ready: () -> Bool
    ) throws(SyscallError) -> Bool {
        if busyPoll {
            wait.spins &+= 1
            if wait.spins & 4095 == 0 {
                let now = MonotonicClock.nanoseconds()
                if wait.since == 0 { wait.since = now } else if now &- wait.since > idleTimeoutNanoseconds { return false }
            }
            return true
        }
        if wait.since == 0 { wait.since = MonotonicClock.nanoseconds() }
        flag.pointee.store(1, ordering: .relaxed)
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        if ready() {
            flag.pointee.store(0, ordering: .relaxed)
            return true
        }
        let elapsed = MonotonicClock.nanoseconds() &- wait.since
        guard elapsed < idleTimeoutNanoseconds else {
            flag.pointee.store(0, ordering: .relaxed)
            return false
        }
        _ = try Sys.futexWait(Direction.futexWord(signal), expected: expected, timeoutNanoseconds: idleTimeoutNanoseconds &- elapsed)
        flag.pointee.store(0, ordering: .relaxed)
        // Woken, changed or timed out: the caller looks at the ring again; the next turn's clock
        // check ends the wait after the idle timeout.
        return true
    }

    /// After publishing: fence (the other half of the Dekker pair), and wake the peer if it sleeps.
    @inline(__always)
    private func wake(_ flag: UnsafeMutablePointer<Atomic<UInt32>>, _ signal: UnsafeMutablePointer<Atomic<UInt32>>) throws(SyscallError) {
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        if flag.pointee.load(ordering: .relaxed) != 0 {
            signal.pointee.wrappingAdd(1, ordering: .releasing)
            try Sys.futexWake(Direction.futexWord(signal))
        }
    }
}

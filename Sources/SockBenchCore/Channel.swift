import Glibc

/// What one receive produced.
public enum ReceiveOutcome: Equatable, Sendable {
    /// This many bytes arrived (for datagrams: one whole datagram).
    case bytes(Int)
    /// The peer closed (stream EOF) or sent the zero-length end-of-run datagram.
    case endOfStream
    /// Nothing arrived within the idle timeout.
    case timedOut
}

/// A connected data socket (or a pair of pipe ends) plus the I/O mode the measuring loops use on it.
///
/// `send` and `receive` make one syscall in the common case; only when the kernel says EAGAIN does
/// the mode matter (poll, epoll_wait or spin). Nothing here allocates after `init`. On pipes the
/// calls are write(2) and read(2) on the two ends; on sockets send(2) and recv(2) on the one socket.
public struct Channel: ~Copyable {
    /// Closes the socket when the channel ends (pipes: `pipes` closes its ends).
    private let owner: Owner
    private let pipes: PipeEnds?
    public let transport: Transport
    /// The socket, or the pipe end this side reads.
    public let fd: Int32
    /// The socket again, or the pipe end this side writes.
    public let writeDescriptor: Int32
    /// read/write instead of recv/send, read once so the hot path tests a stored flag.
    private let usesReadWrite: Bool
    public let mode: IOMode
    /// `transport.keepsBoundaries`, read once: the getter is a call into another file that
    /// the optimizer does not inline, and receiveMessage asks it for every message.
    let keepsBoundaries: Bool
    private let epollFD: Int32
    /// Pipes in epoll mode: a second epoll instance watching the write end for output, so neither
    /// direction's wait needs an epoll_ctl (the two ends are two descriptors).
    private let epollOutputFD: Int32
    private var epollWantsOutput = false
    /// The io_uring modes: the ring every send and receive is submitted to (destroyed with the channel), else nil.
    private let ring: OpaquePointer?
    private let idleTimeoutMilliseconds: Int32
    private let idleTimeoutNanoseconds: UInt64
    /// busy-poll bookkeeping: EAGAINs since the last success, and when the spinning began.
    private var spins = 0
    private var spinningSince: UInt64 = 0

    private enum Owner: ~Copyable {
        case socket(Socket)
        case pipes
    }

    public init(socket: consuming Socket, mode: IOMode, idleTimeoutNanoseconds: UInt64) throws(SyscallError) {
        let fd = socket.fd
        switch mode {
        case .blocking, .timeout, .ioUring, .ioUringSQPoll:
            // io_uring: a blocking socket, so an operation that cannot complete at once waits inside
            // the ring (poll-armed) instead of completing with EAGAIN.
            try socket.setNonBlocking(false)
            try socket.setBlockingTimeouts(nanoseconds: idleTimeoutNanoseconds)
        case .nonblocking, .busyPoll, .epoll, .epollET:
            try socket.setNonBlocking(true)
        }
        let transport = socket.transport
        // Made last of all, so no later failure leaks it (the epoll modes, which can fail in init, have none).
        let ring = mode.usesIOUring ? try Sys.ringCreate(sqpoll: mode == .ioUringSQPoll) : nil
        try self.init(
            owner: .socket(socket), pipes: nil, transport: transport, read: fd, write: fd, mode: mode, idleTimeoutNanoseconds: idleTimeoutNanoseconds, ring: ring
        )
    }

    /// A channel over two pipe ends. Blocking pipes have no SO_RCVTIMEO: a silent peer is ended by
    /// the coordinator's deadline (the matrix refuses `.timeout` for pipes).
    public init(pipes: PipeEnds, mode: IOMode, idleTimeoutNanoseconds: UInt64) throws(SyscallError) {
        let blocking = mode == .blocking || mode.usesIOUring
        try Sys.setNonBlocking(pipes.readFD, !blocking)
        try Sys.setNonBlocking(pipes.writeFD, !blocking)
        let ring = mode.usesIOUring ? try Sys.ringCreate(sqpoll: mode == .ioUringSQPoll) : nil
        try self.init(
            owner: .pipes, pipes: pipes, transport: .pipe, read: pipes.readFD, write: pipes.writeFD, mode: mode, idleTimeoutNanoseconds: idleTimeoutNanoseconds, ring: ring
        )
    }

    private init(
        owner: consuming Owner, pipes: PipeEnds?, transport: Transport, read: Int32, write: Int32, mode: IOMode, idleTimeoutNanoseconds: UInt64,
        ring: OpaquePointer?
    ) throws(SyscallError) {
        self.ring = ring
        self.owner = owner
        self.pipes = pipes
        self.transport = transport
        self.fd = read
        self.writeDescriptor = write
        self.usesReadWrite = pipes != nil
        self.keepsBoundaries = transport.keepsBoundaries
        self.mode = mode
        self.idleTimeoutNanoseconds = idleTimeoutNanoseconds
        self.idleTimeoutMilliseconds = Int32(clamping: max(1, idleTimeoutNanoseconds / 1_000_000))
        guard mode == .epoll || mode == .epollET else {
            (epollFD, epollOutputFD) = (-1, -1)
            return
        }
        let epfd = try Sys.epollCreate()
        var outfd: Int32 = -1
        do {
            try Sys.epollWatch(epfd, fd: read, writable: false, modify: false, edgeTriggered: mode == .epollET)
            if read != write {
                outfd = try Sys.epollCreate()
                try Sys.epollWatch(outfd, fd: write, writable: true, modify: false, edgeTriggered: mode == .epollET)
            }
        } catch {
            Sys.close(epfd)
            if outfd >= 0 { Sys.close(outfd) }
            throw error
        }
        (epollFD, epollOutputFD) = (epfd, outfd)
    }

    deinit {
        if let ring { Sys.ringDestroy(ring) }
        if epollFD >= 0 { Sys.close(epollFD) }
        if epollOutputFD >= 0 { Sys.close(epollOutputFD) }
    }

    /// True when sends and receives are send(2) and recv(2) on one socket: no pipe ends, no io_uring
    /// ring. The measured loops ask it once and run a copy of themselves that passes `direct: true`
    /// to `send`, `sendAll`, `receive` and `receiveMessage`, in which the branches to the other
    /// paths fold away (two tests per call, which the loops had not before pipes and io_uring came).
    public var isDirect: Bool { ring == nil && !usesReadWrite }

    /// The epoll instance watching `fd` in the epoll modes (registered for input), else -1.
    public var epollDescriptor: Int32 { epollFD }

    /// The io_uring modes: the ring (for the C reference loops, which submit to the same one), else nil.
    public var ringHandle: OpaquePointer? { ring }

    /// Pipes in the epoll modes: the epoll instance watching the write end for output, else -1.
    public var epollOutputDescriptor: Int32 { epollOutputFD }

    /// Sends up to `count` bytes; returns how many the kernel took (datagrams: all or an error).
    /// `flags` adds to MSG_NOSIGNAL (MSG_MORE for `--split-write more`). Inlined always, with only the
    /// syscall and its success inline: the ring, the wait after EAGAIN and the errors are calls
    /// (left to the optimizer, the whole stayed a call per message once it grew; callgrind).
    @inline(always)
    mutating func send(_ buffer: UnsafeRawPointer, _ count: Int, flags: Int32 = 0, direct: Bool = false) throws(SyscallError) -> Int {
        if !direct, let ring { return try send(through: ring, buffer, count, flags: flags) }
        if let sent = try sendOnce(buffer, count, flags: flags, direct: direct) {
            spins = 0
            return sent
        }
        return try sendAfterWaiting(buffer, count, flags: flags).get()
    }

    /// One send(2), or write(2) on a pipe; nil when the kernel said EAGAIN.
    @inline(always)
    private func sendOnce(_ buffer: UnsafeRawPointer, _ count: Int, flags: Int32, direct: Bool) throws(SyscallError) -> Int? {
        // Pipes take no flags: the split-write styles that pass them are refused for pipes (Matrix+SplitWrite).
        try !direct && usesReadWrite ? Sys.write(writeDescriptor, buffer, count) : Sys.send(fd, buffer, count, flags: flags)
    }

    /// `send` in the io_uring modes.
    @inline(never)
    private mutating func send(through ring: OpaquePointer, _ buffer: UnsafeRawPointer, _ count: Int, flags: Int32) throws(SyscallError) -> Int {
        let operation: Sys.RingOperation = usesReadWrite ? .write : .send
        guard let sent = try Sys.ringTransfer(
            ring, operation, writeDescriptor, UnsafeMutableRawPointer(mutating: buffer), count, flags: flags, timeoutNanoseconds: idleTimeoutNanoseconds
        ) else {
            throw peerTookNothing("send")
        }
        return sent
    }

    /// `send` after the kernel said EAGAIN: the mode's wait, then the call again, until it takes bytes.
    /// Returns its error instead of throwing it, as `Sys.failure` does, for the loops' registers' sake.
    @inline(never)
    private mutating func sendAfterWaiting(_ buffer: UnsafeRawPointer, _ count: Int, flags: Int32) -> Result<Int, SyscallError> {
        Result { () throws(SyscallError) in
            while true {
                guard try wait(forOutput: true) else { throw peerTookNothing("send") }
                if let sent = try sendOnce(buffer, count, flags: flags, direct: false) {
                    spins = 0
                    return sent
                }
            }
        }
    }

    /// The error of a send that waited out the idle timeout.
    private func peerTookNothing(_ call: String) -> SyscallError {
        SyscallError(call: call, errno: .timedOut, detail: "peer took nothing for \(idleTimeoutMilliseconds) ms")
    }

    /// Sends exactly `count` bytes, looping over partial sends on byte streams.
    @inline(always)
    mutating func sendAll(_ buffer: UnsafeRawPointer, _ count: Int, flags: Int32 = 0, direct: Bool = false) throws(SyscallError) {
        let sent = try send(buffer, count, flags: flags, direct: direct)
        if sent < count { try sendRest(buffer, count, from: sent, flags: flags) }
    }

    /// The rest of a message the kernel took only part of: out of line, so the loops keep no offset
    /// live across the send that takes a whole message.
    @inline(never)
    private mutating func sendRest(_ buffer: UnsafeRawPointer, _ count: Int, from sent: Int, flags: Int32) throws(SyscallError) {
        var offset = sent
        repeat {
            offset &+= try send(buffer + offset, count &- offset, flags: flags)
        } while offset < count
    }

    /// Sends `count` bytes starting at `buffer` as two pieces of one writev (`header` bytes, then
    /// the rest), looping over partial writes; what is left after the header goes by send().
    public mutating func sendVector(_ buffer: UnsafeRawPointer, _ count: Int, header: Int) throws(SyscallError) {
        var pieces = (
            iovec(iov_base: UnsafeMutableRawPointer(mutating: buffer), iov_len: header),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: buffer + header), iov_len: count &- header)
        )
        var sent = 0
        while sent < header {
            let taken: Int? = try withUnsafePointer(to: &pieces) { pair throws(SyscallError) in
                try pair.withMemoryRebound(to: iovec.self, capacity: 2) { first throws(SyscallError) in
                    try Sys.writev(writeDescriptor, first, count: 2)
                }
            }
            guard let taken else {
                guard try wait(forOutput: true) else { throw peerTookNothing("writev") }
                continue
            }
            spins = 0
            sent &+= taken
            if sent < header {
                pieces.0.iov_base = UnsafeMutableRawPointer(mutating: buffer + sent)
                pieces.0.iov_len = header &- sent
            }
        }
        if sent < count { try sendAll(buffer + sent, count &- sent) }
    }

    /// TCP_CORK on or off (`--split-write cork`): while corked, the kernel sends only full segments;
    /// uncorking sends what is queued at once.
    @inline(__always)
    public func setCork(_ corked: Bool) throws(SyscallError) {
        try Sys.setsockopt(fd, level: Int32(IPPROTO_TCP), name: TCP_CORK, value: corked ? 1 : 0, detail: "TCP_CORK")
    }

    /// TCP_QUICKACK re-armed (`--quickack on`): the kernel drops out of quick-ack mode on its own,
    /// so the receiver sets it again after every receive to acknowledge at once instead of delaying.
    @inline(__always)
    public func quickAck() throws(SyscallError) {
        try Sys.setsockopt(fd, level: Int32(IPPROTO_TCP), name: TCP_QUICKACK, value: 1, detail: "TCP_QUICKACK")
    }

    /// One receive of at most `capacity` bytes. A zero-length result is the end of the run. Inlined
    /// always, with only the syscall and its success inline, as `send`.
    @inline(always)
    mutating func receive(_ buffer: UnsafeMutableRawPointer, _ capacity: Int, direct: Bool = false) throws(SyscallError) -> ReceiveOutcome {
        if !direct, let ring { return try receive(through: ring, buffer, capacity) }
        if let received = try receiveOnce(buffer, capacity, direct: direct) {
            spins = 0
            return received == 0 ? .endOfStream : .bytes(received)
        }
        return try receiveAfterWaiting(buffer, capacity).get()
    }

    /// One recv(2), or read(2) on a pipe; nil when the kernel said EAGAIN.
    @inline(always)
    private func receiveOnce(_ buffer: UnsafeMutableRawPointer, _ capacity: Int, direct: Bool) throws(SyscallError) -> Int? {
        try !direct && usesReadWrite ? Sys.read(fd, buffer, capacity) : Sys.recv(fd, buffer, capacity)
    }

    /// `receive` in the io_uring modes.
    @inline(never)
    private mutating func receive(through ring: OpaquePointer, _ buffer: UnsafeMutableRawPointer, _ capacity: Int) throws(SyscallError) -> ReceiveOutcome {
        guard let received = try Sys.ringTransfer(ring, usesReadWrite ? .read : .receive, fd, buffer, capacity, timeoutNanoseconds: idleTimeoutNanoseconds) else {
            return .timedOut
        }
        return received == 0 ? .endOfStream : .bytes(received)
    }

    /// `receive` after the kernel said EAGAIN: the mode's wait, then the call again, until bytes
    /// come. Returns its error instead of throwing it, as `sendAfterWaiting`.
    @inline(never)
    private mutating func receiveAfterWaiting(_ buffer: UnsafeMutableRawPointer, _ capacity: Int) -> Result<ReceiveOutcome, SyscallError> {
        Result { () throws(SyscallError) in
            while true {
                guard try wait(forOutput: false) else { return .timedOut }
                if let received = try receiveOnce(buffer, capacity, direct: false) {
                    spins = 0
                    return received == 0 ? .endOfStream : .bytes(received)
                }
            }
        }
    }

    /// Receives one message of a stream run, which must be `count` bytes: true when it came, false
    /// at the run's end (the sender's end marker, or silence when `silenceEnds`: a datagram end
    /// marker may have been dropped). Silence that does not end the run is an error saying `silence`.
    @inline(always)
    mutating func receiveStreamMessage(
        _ buffer: UnsafeMutableRawPointer, _ count: Int, silenceEnds: Bool, silence: StaticString = "sender stalled during the run",
        direct: Bool = false
    ) throws(SyscallError) -> Bool {
        switch try receiveMessage(buffer, count, direct: direct) {
        case .bytes(let received):
            if received != count { throw Self.wrongSize(received, expected: count, of: "message") }
            return true
        case .endOfStream:
            return false
        case .timedOut:
            if silenceEnds { return false }
            throw Self.silent(silence)
        }
    }

    /// A message (or reply) of `received` bytes where `expected` were due. Out of line, as the other
    /// errors the measured loops throw, so their text stays out of the loops.
    @inline(never)
    static func wrongSize(_ received: Int, expected: Int, of what: StaticString) -> SyscallError {
        SyscallError(call: "recv", errno: .messageTooLong, detail: "\(what) of \(received) bytes, expected \(expected)")
    }

    /// The idle timeout passed with nothing received; `what` says who fell silent.
    @inline(never)
    static func silent(_ what: StaticString) -> SyscallError {
        SyscallError(call: "recv", errno: .timedOut, detail: "\(what)")
    }

    /// The peer closed the connection during the run; `what` says who and when.
    @inline(never)
    static func closed(_ what: StaticString) -> SyscallError {
        SyscallError(call: "recv", errno: .connectionReset, detail: "\(what)")
    }

    /// Receives one whole message of `count` bytes: loops over partial reads on byte streams, takes
    /// one datagram otherwise. `.endOfStream` only if the end came before the first byte. With
    /// `quickAck`, TCP_QUICKACK after every recv() that took bytes, a message's first piece too:
    /// the ACK the kernel would delay goes out at once, so a peer that holds its next piece for it
    /// (Nagle) need not wait.
    @inline(always)
    mutating func receiveMessage(
        _ buffer: UnsafeMutableRawPointer, _ count: Int, quickAck: Bool = false, direct: Bool = false
    ) throws(SyscallError) -> ReceiveOutcome {
        if keepsBoundaries {
            return try receive(buffer, count, direct: direct)
        }
        // `count` is at least 1 (WorkerMain refuses smaller sizes), so the first receive is due.
        let first = try receive(buffer, count, direct: direct)
        guard case .bytes(let received) = first else { return first }
        if quickAck { try self.quickAck() }
        if received < count { try receiveRest(buffer, count, from: received, quickAck: quickAck) }
        return .bytes(count)
    }

    /// The rest of a byte-stream message that came in pieces: out of line, as `sendRest`.
    @inline(never)
    private mutating func receiveRest(_ buffer: UnsafeMutableRawPointer, _ count: Int, from received: Int, quickAck: Bool) throws(SyscallError) {
        var offset = received
        while offset < count {
            switch try receive(buffer + offset, count &- offset) {
            case .bytes(let received):
                offset &+= received
                if quickAck { try self.quickAck() }
            case .endOfStream:
                throw Self.brokenMessage(offset, of: count, closed: true)
            case .timedOut:
                throw Self.brokenMessage(offset, of: count, closed: false)
            }
        }
    }

    /// A byte-stream message that ended (`closed`) or stalled after `offset` of its `count` bytes.
    @inline(never)
    static func brokenMessage(_ offset: Int, of count: Int, closed: Bool) -> SyscallError {
        closed
            ? SyscallError(call: "recv", errno: .connectionReset, detail: "peer closed inside a message (\(offset) of \(count) bytes)")
            : SyscallError(call: "recv", errno: .timedOut, detail: "message stalled at \(offset) of \(count) bytes")
    }

    /// Waits until the socket is ready in the mode's way; false after the idle timeout.
    @inline(never)
    mutating func wait(forOutput: Bool) throws(SyscallError) -> Bool {
        switch mode {
        case .blocking, .timeout, .ioUring, .ioUringSQPoll:
            // A blocking call returns EAGAIN only when SO_RCVTIMEO/SO_SNDTIMEO expired (the io_uring
            // modes send and receive through the ring; the batch and writev calls they do not
            // submit are refused by the matrix).
            return false
        case .nonblocking:
            return try Sys.pollOne(forOutput ? writeDescriptor : fd, events: Int16(forOutput ? POLLOUT : POLLIN), timeoutMilliseconds: idleTimeoutMilliseconds)
        case .epoll, .epollET:
            // Edge-triggered is safe here because every wait follows a call that said EAGAIN: the
            // socket (or pipe end) was drained, so the next edge is new data (or room).
            if epollOutputFD >= 0 {
                return try Sys.epollWait(forOutput ? epollOutputFD : epollFD, timeoutMilliseconds: idleTimeoutMilliseconds) > 0
            }
            if forOutput != epollWantsOutput {
                try Sys.epollWatch(epollFD, fd: fd, writable: forOutput, modify: true, edgeTriggered: mode == .epollET)
                epollWantsOutput = forOutput
            }
            return try Sys.epollWait(epollFD, timeoutMilliseconds: idleTimeoutMilliseconds) > 0
        case .busyPoll:
            // Retry the call at once, never sleeping; read the clock only every 4096 spins so the
            // spin stays one syscall per turn.
            spins &+= 1
            if spins == 1 {
                spinningSince = MonotonicClock.nanoseconds()
            } else if spins & 4095 == 0, MonotonicClock.nanoseconds() &- spinningSince > idleTimeoutNanoseconds {
                spins = 0
                return false
            }
            return true
        }
    }

    /// Ends this side's output: the peer reads end of file (sockets: shutdown; pipes: the write end closed).
    public func shutdownWrite() throws(SyscallError) {
        if let pipes { pipes.closeWrite() } else { try Sys.shutdown(fd, how: Int32(SHUT_WR)) }
    }

    /// Sends messages first..<first+count of `batch` with one sendmmsg; returns how many went.
    @inline(__always)
    public mutating func sendBatch(_ batch: borrowing MessageBatch, first: Int, count: Int) throws(SyscallError) -> Int {
        while true {
            if let sent = try Sys.sendmmsg(fd, batch.handle, first: first, count: count) {
                spins = 0
                return sent
            }
            guard try wait(forOutput: true) else { throw peerTookNothing("sendmmsg") }
        }
    }

    /// Receives up to `count` datagrams with one recvmmsg; nil after the idle timeout.
    @inline(__always)
    public mutating func receiveBatch(_ batch: borrowing MessageBatch, count: Int) throws(SyscallError) -> Int? {
        while true {
            if let received = try Sys.recvmmsg(fd, batch.handle, count: count) {
                spins = 0
                return received
            }
            guard try wait(forOutput: false) else { return nil }
        }
    }
}

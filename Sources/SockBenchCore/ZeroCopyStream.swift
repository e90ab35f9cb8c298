import Glibc

/// `--zerocopy on`: the stream sender with SO_ZEROCOPY and send(MSG_ZEROCOPY). The kernel pins the
/// pages instead of copying them, and reports on the socket's error queue when it has let go of
/// them (or that it copied after all: SO_EE_CODE_ZEROCOPY_COPIED, as on loopback, where the receiver
/// is local). The receiver is the ordinary `Stream.runReceiver`.
public enum ZeroCopyStream {
    /// Sends whose completion may be outstanding at once; only at this bound does the sender wait.
    static let maximumOutstanding = 1024
    /// Completions are read (without waiting) once this many sends are outstanding, so the error
    /// queue is emptied every few dozen sends rather than with a syscall per message.
    static let reapThreshold = 64
    /// With --verify: message buffers in rotation, at most this many bytes of them.
    static let verifyRotationBytes = 8 << 20

    public static func runSender(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        let size = job.sizeBytes
        let verify = job.verify
        // A page may not change until its completion arrives. Without --verify the one buffer is
        // filled once and never written again; with it, each message's pattern goes into a slot of a
        // rotation, written only after every send of that slot's previous message completed.
        let slots = verify ? max(2, min(64, verifyRotationBytes / max(size, 1))) : 1
        let rotation = verify ? UnsafeMutableRawPointer.allocate(byteCount: slots * size, alignment: 4096) : buffer.baseAddress!
        let slotDone = UnsafeMutablePointer<UInt32>.allocate(capacity: slots)
        slotDone.initialize(repeating: 0, count: slots)
        let sender = Sender(channel.fd, timeoutNanoseconds: job.idleTimeoutNanoseconds)
        defer {
            if verify { rotation.deallocate() }
            slotDone.deallocate()
        }
        if !verify { Payload.fill(rotation, count: size, sequence: 0) }
        _ = try MeasuringWindow.runSender(job, result: &result) { sequence throws(SyscallError) in
            guard verify else { return try sender.send(&channel, rotation, size) }
            let slot = Int(sequence % UInt64(slots))
            let base = rotation + slot &* size
            try sender.completions.waitUntilComplete(below: slotDone[slot], sender.fd, timeoutNanoseconds: sender.timeoutNanoseconds)
            Payload.fill(base, count: size, sequence: sequence)
            try sender.send(&channel, base, size)
            slotDone[slot] = sender.completions.issued
        }
        // Every page is let go of before the buffers are, and before the end is sent.
        try sender.completions.drain(sender.fd, timeoutNanoseconds: sender.timeoutNanoseconds)
        result.knobs.zeroCopyCompletions = sender.completions.completed
        result.knobs.zeroCopyCopied = sender.completions.copied
        try Ending.send(&channel)
    }

    /// The socket, its completions and the send loop around MSG_ZEROCOPY's two extra outcomes;
    /// made once, before the clock starts.
    final class Sender {
        let fd: Int32
        let timeoutNanoseconds: UInt64
        let completions = ZeroCopyCompletions(capacity: ZeroCopyStream.maximumOutstanding)

        init(_ fd: Int32, timeoutNanoseconds: UInt64) {
            self.fd = fd
            self.timeoutNanoseconds = timeoutNanoseconds
        }

        /// Sends `count` bytes, each successful send() one numbered zero-copy send. ENOBUFS means the
        /// socket's option memory (net.core.optmem_max) is full of pending notifications: read them,
        /// then retry. Before waiting for room, the error queue is read, since poll and epoll report
        /// a non-empty one (POLLERR) whatever they were asked to wait for.
        @inline(__always)
        func send(_ channel: inout Channel, _ base: UnsafeRawPointer, _ count: Int) throws(SyscallError) {
            var offset = 0
            while offset < count {
                if completions.outstanding >= ZeroCopyStream.reapThreshold { _ = try completions.reap(fd) }
                while completions.outstanding >= ZeroCopyStream.maximumOutstanding {
                    try completions.waitForAny(fd, timeoutNanoseconds: timeoutNanoseconds)
                }
                let sent: Int?
                do {
                    sent = try Sys.send(fd, base + offset, count &- offset, flags: Int32(MSG_ZEROCOPY))
                } catch {
                    guard error.errno == Errno(rawValue: ENOBUFS) else { throw error }
                    try completions.waitForAny(fd, timeoutNanoseconds: timeoutNanoseconds)
                    continue
                }
                guard let sent else {
                    _ = try completions.reap(fd)
                    guard try channel.wait(forOutput: true) else {
                        throw SyscallError(call: "send", errno: .timedOut, detail: "MSG_ZEROCOPY: peer took nothing for \(timeoutNanoseconds / 1_000_000) ms")
                    }
                    continue
                }
                completions.issued &+= 1
                offset &+= sent
            }
        }
    }
}

/// Which numbered zero-copy sends have completed. The kernel numbers every send() that took bytes
/// with MSG_ZEROCOPY from 0 (32 bits, wrapping) and reports ranges, usually in order but not
/// necessarily, so a ring of flags covers the outstanding ones.
final class ZeroCopyCompletions {
    private let done: UnsafeMutablePointer<Bool>
    private let mask: UInt32
    /// Sends numbered so far (the next send's number).
    var issued: UInt32 = 0
    /// Every send numbered below this has completed.
    private(set) var completeBelow: UInt32 = 0
    /// Sends completed and, of those, copied by the kernel (the warmup's included: the share is the figure).
    private(set) var completed = 0
    private(set) var copied = 0

    init(capacity: Int) {
        let size = 1 << (Int.bitWidth - (capacity - 1).leadingZeroBitCount)
        done = .allocate(capacity: size)
        done.initialize(repeating: false, count: size)
        mask = UInt32(size - 1)
    }

    deinit { done.deallocate() }

    var outstanding: Int { Int(issued &- completeBelow) }

    /// Reads every notification queued now; true when there was one.
    func reap(_ fd: Int32) throws(SyscallError) -> Bool {
        var any = false
        while let notice = try Sys.reapZeroCopy(fd) {
            let count = notice.last &- notice.first &+ 1
            guard count > 0, count <= mask &+ 1 else { continue }
            var number = notice.first
            for _ in 0..<count {
                done[Int(number & mask)] = true
                number &+= 1
            }
            completed &+= Int(count)
            if notice.copied { copied &+= Int(count) }
            any = true
        }
        while completeBelow != issued && done[Int(completeBelow & mask)] {
            done[Int(completeBelow & mask)] = false
            completeBelow &+= 1
        }
        return any
    }

    /// Waits until at least one notification came (poll reports POLLERR for a non-empty error queue).
    func waitForAny(_ fd: Int32, timeoutNanoseconds: UInt64) throws(SyscallError) {
        if try reap(fd) { return }
        let milliseconds = Int32(clamping: max(1, timeoutNanoseconds / 1_000_000))
        guard try Sys.pollOne(fd, events: 0, timeoutMilliseconds: milliseconds), try reap(fd) else {
            throw SyscallError(call: "recvmsg", errno: .timedOut, detail: "MSG_ERRQUEUE: no zero-copy completion for \(milliseconds) ms (\(outstanding) outstanding)")
        }
    }

    /// Waits until every send numbered below `number` has completed.
    func waitUntilComplete(below number: UInt32, _ fd: Int32, timeoutNanoseconds: UInt64) throws(SyscallError) {
        while Int32(bitPattern: number &- completeBelow) > 0 { try waitForAny(fd, timeoutNanoseconds: timeoutNanoseconds) }
    }

    /// Waits until every send so far has completed.
    func drain(_ fd: Int32, timeoutNanoseconds: UInt64) throws(SyscallError) {
        try waitUntilComplete(below: issued, fd, timeoutNanoseconds: timeoutNanoseconds)
    }
}

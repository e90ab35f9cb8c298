/// One-way stream: the client sends as fast as it can, the server counts what arrives. Messages are
/// one `--size`, or of sizes drawn per message (`--size-dist`) from a `SizeTable` both ends build
/// alike; one generic loop each way serves both (`StreamSizes`).
enum Stream {
    /// Sends messages for the warmup, then for the measured extent, then ends the run.
    /// `@inline(__always)`: without it the specialization for a `StreamSizes` kept `MeasuringWindow`'s
    /// closure (or the receiver's) as a call per message (seen in the object code); with it the loop
    /// is whole, and each specialization is still a function of its own (`*6Stream*run*`, which
    /// Benchmarks/instructions-per-message.sh counts inside).
    @inline(__always)
    static func runSender<Sizes: StreamSizes>(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, sizes: Sizes, result: inout WorkerResult
    ) throws(SyscallError) {
        let (_, base, header, verify) = job.streamMessages(buffer)
        Payload.fill(base, count: sizes.largest, sequence: 0)
        // A copy of the loop for a socket (`Channel.isDirect`), without the pipe and io_uring branches.
        // Written out twice: built by one inlined helper, as the receiver's are, the sender's read
        // one instruction more per message (callgrind, register allocation).
        let next = channel.isDirect
            ? try MeasuringWindow.runSender(job, result: &result) { sequence throws(SyscallError) in
                try sendOne(&channel, base, sizes[sequence], sequence: sequence, header: header, verify: verify, direct: true)
            }
            : try MeasuringWindow.runSender(job, result: &result) { sequence throws(SyscallError) in
                try sendOne(&channel, base, sizes[sequence], sequence: sequence, header: header, verify: verify, direct: false)
            }
        if header { result.lastSequenceSent = next &- 1 }
        try Ending.send(&channel)
    }

    @inline(__always)
    private static func sendOne(
        _ channel: inout Channel, _ base: UnsafeMutableRawPointer, _ size: Int,
        sequence: UInt64, header: Bool, verify: Bool, direct: Bool
    ) throws(SyscallError) {
        if header {
            Payload.writeSequence(sequence, to: base)
            if verify { Payload.fill(base, count: size, sequence: sequence, from: WorkerJob.sequenceHeaderBytes) }
        } else if verify {
            Payload.fill(base, count: size, sequence: sequence)
        }
        try channel.sendAll(base, size, direct: direct)
    }

    /// Receives whole messages until the sender ends the run. The first `warmup` after the first
    /// message is excluded; the rate is measured from the first message after it to the last.
    /// Drawn sizes: each message's length is kept for its check, and the measured window's bytes
    /// are counted (`payloadBytes`). Inlined always, as the sender.
    @inline(__always)
    static func runReceiver<Sizes: StreamSizes>(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, sizes: Sizes, result: inout WorkerResult
    ) throws(SyscallError) {
        let (_, base, header, verify) = job.streamMessages(buffer)
        var tracker = SequenceTracker()
        var verifyErrors = 0
        var drawnSize = 0
        var bytes = 0
        // A copy of the loop for a socket (`Channel.isDirect`), without the pipe and io_uring branches.
        if channel.isDirect {
            try receiveAll(
                &channel, job: job, base: base, sizes: sizes, header: header, verify: verify, direct: true,
                tracker: &tracker, verifyErrors: &verifyErrors, drawnSize: &drawnSize, bytes: &bytes, result: &result
            )
        } else {
            try receiveAll(
                &channel, job: job, base: base, sizes: sizes, header: header, verify: verify, direct: false,
                tracker: &tracker, verifyErrors: &verifyErrors, drawnSize: &drawnSize, bytes: &bytes, result: &result
            )
        }
        if header {
            result.takeWindow(of: tracker)
        }
        result.verifyErrors = verifyErrors
        if Sizes.drawn { result.payloadBytes = bytes }
    }

    /// The receiver's warmup and measured messages. `drawnSize` holds the last drawn message's
    /// length, `bytes` counts the measured window's (drawn sizes only).
    @inline(__always)
    private static func receiveAll<Sizes: StreamSizes>(
        _ channel: inout Channel, job: WorkerJob, base: UnsafeMutableRawPointer, sizes: Sizes, header: Bool, verify: Bool, direct: Bool,
        tracker: inout SequenceTracker, verifyErrors: inout Int, drawnSize: inout Int, bytes: inout Int, result: inout WorkerResult
    ) throws(SyscallError) {
        try MeasuringWindow.runReceiver(job, result: &result) { index, measuring throws(SyscallError) in
            // Datagrams: the end marker may have been dropped; once measuring, the silence ends the run.
            let silence: StaticString = measuring ? "sender stalled during the run" : "no message from the sender"
            // A fixed size takes the fixed size's receive: no table, no sequence number read for its length.
            let got = Sizes.drawn
                ? try channel.receiveDrawnStreamMessage(base, sizes: sizes, index: index, numbered: header, silenceEnds: measuring && header, silence: silence)
                : try channel.receiveStreamMessage(base, sizes.largest, silenceEnds: measuring && header, silence: silence, direct: direct)
                    ? sizes.largest : nil
            guard let size = got else {
                if measuring { return false }
                throw Channel.closed("sender ended before the warmup did")
            }
            if Sizes.drawn { drawnSize = size }
            return true
        } take: { index, measuring in
            // A fixed size is a constant: no length to keep per message.
            let size = Sizes.drawn ? drawnSize : sizes.largest
            if Sizes.drawn && measuring { bytes &+= size }
            if header && measuring { tracker.record(Payload.readSequence(from: base)) }
            if verify { check(base, size, header: header, index: index, errors: &verifyErrors) }
        } boundary: {
            verifyErrors = 0
            if header { tracker.record(Payload.readSequence(from: base)) }
        }
    }

    @inline(__always)
    static func check(_ base: UnsafeMutableRawPointer, _ size: Int, header: Bool, index: UInt64, errors: inout Int) {
        let ok = header
            ? Payload.matches(base, count: size, sequence: Payload.readSequence(from: base), from: WorkerJob.sequenceHeaderBytes)
            : Payload.matches(base, count: size, sequence: index)
        if !ok { errors &+= 1 }
    }
}

extension WorkerJob {
    /// What a stream loop reads from the job once, before its clock starts: bytes per message, the
    /// message buffer, whether messages are datagrams (sequence-numbered, and may be lost or
    /// reordered), and whether payloads are filled and checked.
    @inline(__always)
    func streamMessages(_ buffer: UnsafeMutableRawBufferPointer) -> (size: Int, base: UnsafeMutableRawPointer, datagram: Bool, verify: Bool) {
        (sizeBytes, buffer.baseAddress!, transport.isDatagram, verify)
    }
}

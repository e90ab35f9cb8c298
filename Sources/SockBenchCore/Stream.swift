/// One-way stream: the client sends as fast as it can, the server counts what arrives.
public enum Stream {
    /// Sends messages for the warmup, then for the measured extent, then ends the run.
    public static func runSender(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        let (size, base, header, verify) = job.streamMessages(buffer)
        Payload.fill(base, count: size, sequence: 0)
        let next = try MeasuringWindow.runSender(job, result: &result) { sequence throws(SyscallError) in
            try sendOne(&channel, base, size, sequence: sequence, header: header, verify: verify)
        }
        if header { result.lastSequenceSent = next &- 1 }
        try Ending.send(&channel)
    }

    @inline(__always)
    private static func sendOne(
        _ channel: inout Channel, _ base: UnsafeMutableRawPointer, _ size: Int,
        sequence: UInt64, header: Bool, verify: Bool
    ) throws(SyscallError) {
        if header {
            Payload.writeSequence(sequence, to: base)
            if verify { Payload.fill(base, count: size, sequence: sequence, from: WorkerJob.sequenceHeaderBytes) }
        } else if verify {
            Payload.fill(base, count: size, sequence: sequence)
        }
        try channel.sendAll(base, size)
    }

    /// Receives whole messages until the sender ends the run. The first `warmup` after the first
    /// message is excluded; the rate is measured from the first message after it to the last.
    public static func runReceiver(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        let (size, base, header, verify) = job.streamMessages(buffer)
        var tracker = SequenceTracker()
        var verifyErrors = 0
        // Datagrams: the end marker may have been dropped; the silence ends the run.
        try MeasuringWindow.runReceiver(job, result: &result) { measuring throws(SyscallError) in
            if measuring { return try channel.receiveStreamMessage(base, size, silenceEnds: header) }
            guard try channel.receiveStreamMessage(base, size, silenceEnds: false, silence: "no message from the sender") else {
                throw SyscallError(call: "recv", errno: .connectionReset, detail: "sender ended before the warmup did")
            }
            return true
        } take: { index, measuring in
            if header && measuring { tracker.record(Payload.readSequence(from: base)) }
            if verify { check(base, size, header: header, index: index, errors: &verifyErrors) }
        } boundary: {
            verifyErrors = 0
            if header { tracker.record(Payload.readSequence(from: base)) }
        }
        if header {
            result.takeWindow(of: tracker)
        }
        result.verifyErrors = verifyErrors
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

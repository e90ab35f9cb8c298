/// The unpaced one-way stream with sizes drawn per message (`--size-dist`): `Stream`'s loops with
/// message k's size read from a `SizeTable` both ends build alike. A loop of its own, so the fixed
/// size's loops keep their measured instruction counts.
enum ShapedStream {
    /// Sends messages for the warmup, then for the measured extent, then ends the run.
    static func runSender(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        let sizes = SizeTable(job)
        let (_, base, datagram, verify) = job.streamMessages(buffer)
        Payload.fill(base, count: sizes.largest, sequence: 0)
        let next = try MeasuringWindow.runSender(job, result: &result) { sequence throws(SyscallError) in
            let size = sizes[sequence]
            if datagram {
                Payload.writeSequence(sequence, to: base)
                if verify { Payload.fill(base, count: size, sequence: sequence, from: WorkerJob.sequenceHeaderBytes) }
            } else if verify {
                Payload.fill(base, count: size, sequence: sequence)
            }
            try channel.sendAll(base, size)
        }
        if datagram { result.lastSequenceSent = next &- 1 }
        try Ending.send(&channel)
    }

    /// Receives whole messages until the sender ends the run, each of the size the table gives it;
    /// counts their bytes in the measured window (`payloadBytes`). Warmup and boundary as `Stream`'s.
    static func runReceiver(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        let sizes = SizeTable(job)
        let (_, base, datagram, verify) = job.streamMessages(buffer)
        var tracker = SequenceTracker()
        var verifyErrors = 0
        var received: UInt64 = 0
        var size = 0
        var bytes = 0
        try MeasuringWindow.runReceiver(job, result: &result) { measuring throws(SyscallError) in
            // Datagrams: the end marker may have been dropped; the silence ends the run.
            let silence: StaticString = measuring ? "sender stalled during the run" : "no message from the sender"
            guard let got = try channel.receiveDrawnStreamMessage(
                base, sizes: sizes, index: received, numbered: datagram, silenceEnds: measuring && datagram, silence: silence
            ) else {
                if measuring { return false }
                throw SyscallError(call: "recv", errno: .connectionReset, detail: "sender ended before the warmup did")
            }
            size = got
            received &+= 1
            return true
        } take: { index, measuring in
            if measuring {
                bytes &+= size
                if datagram { tracker.record(Payload.readSequence(from: base)) }
            }
            if verify { Stream.check(base, size, header: datagram, index: index, errors: &verifyErrors) }
        } boundary: {
            verifyErrors = 0
            if datagram { tracker.record(Payload.readSequence(from: base)) }
        }
        if datagram {
            result.takeWindow(of: tracker)
        }
        result.verifyErrors = verifyErrors
        result.payloadBytes = bytes
    }
}

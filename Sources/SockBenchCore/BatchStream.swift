/// One-way datagram stream with sendmmsg/recvmmsg: `job.batch` messages per syscall. Same
/// messages, sequence numbers, warmup and end-of-run rules as `Stream`, so the two compare directly.
public enum BatchStream {
    public static func runSender(_ channel: inout Channel, job: WorkerJob, result: inout WorkerResult) throws(SyscallError) {
        let size = job.sizeBytes
        let batch = MessageBatch(count: job.batch, size: size)
        for index in 0..<batch.count { Payload.fill(batch.message(index), count: size, sequence: 0, from: WorkerJob.sequenceHeaderBytes) }
        var sequence: UInt64 = 0

        let warmupEnd = MonotonicClock.nanoseconds() &+ job.warmupNanoseconds
        while MonotonicClock.nanoseconds() < warmupEnd {
            try sendBatch(&channel, batch, sequence: sequence, verify: job.verify)
            sequence &+= UInt64(batch.count)
        }
        let window = MeasuringWindow(job.extent)
        var end = window.start
        var messages = 0
        while messages < window.limit && end < window.deadline {
            try sendBatch(&channel, batch, sequence: sequence, verify: job.verify)
            sequence &+= UInt64(batch.count)
            messages &+= batch.count
            end = MonotonicClock.nanoseconds()
        }
        window.close(&result, end: end, messages: messages)
        result.lastSequenceSent = sequence &- 1
        try Ending.send(&channel)
    }

    @inline(__always)
    private static func sendBatch(_ channel: inout Channel, _ batch: borrowing MessageBatch, sequence: UInt64, verify: Bool) throws(SyscallError) {
        for index in 0..<batch.count {
            let message = batch.message(index)
            Payload.writeSequence(sequence &+ UInt64(index), to: message)
            if verify { Payload.fill(message, count: batch.size, sequence: sequence &+ UInt64(index), from: WorkerJob.sequenceHeaderBytes) }
        }
        var sent = 0
        while sent < batch.count { sent &+= try channel.sendBatch(batch, first: sent, count: batch.count &- sent) }
    }

    /// Receives batches until the end marker (or the silence after a lost one). The warmup ends
    /// with the first batch received `warmup` after the first message; its last message opens the
    /// measured window, as the boundary message does in `Stream.runReceiver`.
    public static func runReceiver(_ channel: inout Channel, job: WorkerJob, result: inout WorkerResult) throws(SyscallError) {
        let size = job.sizeBytes
        let batch = MessageBatch(count: job.batch, size: size)
        var tracker = SequenceTracker()
        var verifyErrors = 0
        var phaseEnd: UInt64 = .max
        var now: UInt64 = 0
        var boundary: UInt64 = 0
        while now < phaseEnd {
            guard let received = try channel.receiveBatch(batch, count: batch.count) else {
                throw SyscallError(call: "recvmmsg", errno: .timedOut, detail: "no message from the sender")
            }
            now = MonotonicClock.nanoseconds()
            if phaseEnd == .max { phaseEnd = now &+ job.warmupNanoseconds }
            for index in 0..<received {
                guard batch.length(index) == size else {
                    throw SyscallError(call: "recvmmsg", errno: .connectionReset, detail: "sender ended or sent \(batch.length(index)) bytes during the warmup")
                }
                boundary = Payload.readSequence(from: batch.message(index))
            }
        }
        let cpuStart = CPUUsage.current()
        let start = now
        var last = now
        tracker.record(boundary)
        loop: while true {
            guard let received = try channel.receiveBatch(batch, count: batch.count) else { break loop }  // a lost end marker
            let arrived = MonotonicClock.nanoseconds()
            for index in 0..<received {
                let length = batch.length(index)
                if length == 0 { break loop }
                guard length == size else {
                    throw SyscallError(call: "recvmmsg", errno: .messageTooLong, detail: "message of \(length) bytes, expected \(size)")
                }
                let message = batch.message(index)
                let sequence = Payload.readSequence(from: message)
                tracker.record(sequence)
                if job.verify && !Payload.matches(message, count: size, sequence: sequence, from: WorkerJob.sequenceHeaderBytes) { verifyErrors &+= 1 }
                last = arrived
            }
        }
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = last &- start
        result.takeWindow(of: tracker)
        result.verifyErrors = verifyErrors
    }
}

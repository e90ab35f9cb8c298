import Foundation
import SockBenchCore
import SockBenchModel

/// The worker process: obeys only its coordinator's control channel (stdin/stdout).
///
/// It serves measurements one after another, so a run pays for process start-up once, not per
/// measurement: configure → set up a new socket → ready(endpoint) → [connect] → start → run the
/// loop → result, then back to waiting for the next configure. Each measurement gets new sockets,
/// so repetitions stay independent. End of file on stdin ends the worker; so does any failure
/// (the coordinator then starts a fresh one). The worker dies with its coordinator
/// (PR_SET_PDEATHSIG, and EOF on stdin ends every wait).
public enum WorkerMain {
    /// How long a worker waits for a control message within a measurement before giving up.
    static let controlTimeoutNanoseconds: UInt64 = 60_000_000_000
    /// How long an idle worker waits for its next measurement; it also ends at EOF or with its parent.
    static let idleTimeoutNanoseconds: UInt64 = 3_600_000_000_000

    public static func run(expectedParent: Int32?) -> Int32 {
        // Die with the coordinator even if it is SIGKILLed; check the parent did not exit before
        // the request took effect.
        try? Sys.setParentDeathSignal(SIGKILL)
        if let expectedParent, getppid() != expectedParent { return 70 }
        signal(SIGPIPE, SIG_IGN)

        var reader = LineReader(fd: STDIN_FILENO)
        do {
            // Say who this is before anything else, so a mismatched coordinator stops here.
            try ControlCodec.write(ControlCodec.encode(["hello": WorkerHello.current()]), to: STDOUT_FILENO)
            try Sys.rememberAffinity()
            while true {
                // End of file between measurements: the coordinator is done with this worker.
                guard let request = try nextMeasurement(&reader) else { return 0 }
                guard case .configure(let job) = request else { return fail("expected configure first") }
                if let reason = WorkerJobValidation.problem(with: job) { return fail(reason) }
                try serve(job, reader: &reader)
            }
        } catch let error as SyscallError {
            return fail(error.description)
        } catch let error as ControlError {
            return fail(error.description)
        } catch let error as WorkerProtocolError {
            return fail(error.reason)
        } catch {
            return fail("\(error)")
        }
    }

    /// The first message of the next measurement, or nil at end of file.
    private static func nextMeasurement(_ reader: inout LineReader) throws(ControlError) -> ControlRequest? {
        let line: [UInt8]
        do {
            line = try reader.readLine(deadline: MonotonicClock.nanoseconds() + idleTimeoutNanoseconds)
        } catch {
            if case .endOfFile = error { return nil }
            throw error
        }
        return try ControlCodec.decode(ControlRequest.self, from: line)
    }

    /// One measurement: placement, sockets, the loop, the result.
    private static func serve(_ job: WorkerJob, reader: inout LineReader) throws {
        if let cpu = job.cpu { try Sys.pinToCPU(cpu) } else { try Sys.unpin() }
        let prepared: PreparedEnd
        switch job.role {
        case .server:
            prepared = try WorkerSetup.prepareServer(job)
        case .client:
            guard case .connect(let server) = try next(&reader) else { throw WorkerProtocolError(reason: "expected connect") }
            prepared = try WorkerSetup.prepareClient(job, server: server)
        }
        try reply(.ready(endpoint: prepared.endpoint))
        guard case .start(let peer) = try next(&reader) else { throw WorkerProtocolError(reason: "expected start") }
        let result = try WorkerSetup.run(prepared, peer: peer)
        try reply(.result(result))
    }

    private static func next(
        _ reader: inout LineReader, timeoutNanoseconds: UInt64 = controlTimeoutNanoseconds
    ) throws(ControlError) -> ControlRequest {
        let line = try reader.readLine(deadline: MonotonicClock.nanoseconds() + timeoutNanoseconds)
        return try ControlCodec.decode(ControlRequest.self, from: line)
    }

    private static func reply(_ message: ControlReply) throws(ControlError) {
        try ControlCodec.write(ControlCodec.encode(message), to: STDOUT_FILENO)
    }

    private static func fail(_ reason: String) -> Int32 {
        try? reply(.failed(reason: reason))
        return 1
    }
}

/// The coordinator sent a message out of order.
struct WorkerProtocolError: Error {
    var reason: String
}

/// Checks a job received over the control channel before any memory is allocated for it.
public enum WorkerJobValidation {
    public static func problem(with job: WorkerJob) -> String? {
        if job.sizeBytes < 1 || job.sizeBytes > WorkerJob.maximumSizeBytes {
            return "message size \(job.sizeBytes) outside 1...\(WorkerJob.maximumSizeBytes)"
        }
        if let reason = Matrix.unsupported(job.transport, job.pattern, sizeBytes: job.sizeBytes) { return reason }
        if let reply = job.replySizeBytes {
            if reply < 1 || reply > WorkerJob.maximumSizeBytes { return "reply size \(reply) outside 1...\(WorkerJob.maximumSizeBytes)" }
            if job.pattern != .pingpong && job.pattern != .rr { return "a reply size applies to pingpong and rr only" }
            if let limit = job.transport.maximumMessageBytes, reply > limit { return "\(job.transport.rawValue) carries at most \(limit) bytes per datagram; the reply would not fit" }
            if job.pattern == .rr, reply < PacedHeader.bytes { return "an rr reply carries the request's \(PacedHeader.bytes)-byte timing header back; use a reply of at least \(PacedHeader.bytes) bytes" }
            if job.engine == .c, reply != job.sizeBytes { return "the C reference loops echo the request; they do not take a reply size" }
        }
        if case .count(let count) = job.extent, count < 1 { return "count must be at least 1" }
        if job.batch < 1 || job.batch > MessageBatch.maximumCount { return "batch \(job.batch) outside 1...\(MessageBatch.maximumCount)" }
        if job.batch > 1, !Matrix.batches(job.transport, job.pattern) {
            return "--batch applies to datagram streams (sendmmsg/recvmmsg), not \(job.transport.rawValue) \(job.pattern.rawValue)"
        }
        if job.writes < 1 || job.writes > 2 { return "writes \(job.writes) outside 1...2" }
        if job.replyWrites < 1 || job.replyWrites > 2 { return "reply writes \(job.replyWrites) outside 1...2" }
        if job.socketTimeoutNanoseconds == 0 { return "socket timeout must be positive" }
        if let reason = Matrix.unsupported(job.transport, job.pattern, sizeBytes: job.sizeBytes, mode: job.options.mode, writes: job.writes) {
            return reason
        }
        if let reason = Matrix.unsupportedIOUring(
            job.transport, job.pattern, mode: job.options.mode, batch: job.batch, connections: job.connections > 0 ? job.connections : nil,
            splitWrite: job.splitStyle
        ) { return reason }
        if let reason = Matrix.unsupportedReplyWrites(job.transport, job.pattern, replyBytes: job.replyBytes, replyWrites: job.replyWrites) { return reason }
        if job.connections > 0, let reason = Matrix.unsupported(job.transport, job.pattern, connections: job.connections, writes: job.writes, replyWrites: job.replyWrites) {
            return reason
        }
        if job.connections > 0, job.options.mode == .epollET, let reason = Matrix.unsupportedEdgeTriggeredServer(job.transport) { return reason }
        if let reason = Matrix.unsupportedRate(job.pattern, ratePerSecond: job.ratePerSecond, sizeBytes: job.sizeDistribution?.smallest ?? job.sizeBytes) { return reason }
        if let reason = Matrix.unsupportedPacing(job.transport, ratePerSecond: job.ratePerSecond) { return reason }
        if let reason = Matrix.unsupportedLocal(
            job.transport, messageBytes: max(job.sizeBytes, job.replyBytes), sendBuffer: job.options.sendBufferBytes,
            receiveBuffer: job.options.receiveBufferBytes
        ) { return reason }
        if job.splitStyle != .plain {
            if job.writes == 1 && job.replyWrites == 1 { return "--split-write \(job.splitStyle.rawValue) needs a split message (--writes 2 or --reply-writes 2)" }
            if job.pattern != .pingpong { return "--split-write applies to ping-pong" }
            if let reason = Matrix.unsupported(job.transport, splitWrite: job.splitStyle) { return reason }
        }
        if job.quickAck, let reason = Matrix.unsupportedQuickAck(job.transport, job.pattern) { return reason }
        if job.engine == .c, job.splitStyle != .plain || job.quickAck { return "the C reference loops neither split writes nor set TCP_QUICKACK" }
        if let reason = knobProblem(with: job) { return reason }
        if let reason = drawnSizesProblem(with: job) { return reason }
        if job.socketDirectory.utf8.count > 80 { return "socket directory path too long" }
        return nil
    }
}

extension WorkerJobValidation {
    /// `--size-dist` by the matrix's rules (Matrix+SizeDists), and a distribution the worker can
    /// draw from whose largest size is the job's (what its buffers are allocated for).
    static func drawnSizesProblem(with job: WorkerJob) -> String? {
        guard let drawn = job.sizeDistribution else { return nil }
        if let problem = drawn.problem { return "--size-dist: \(problem)" }
        if drawn.largest != job.sizeBytes { return "a --size-dist job's size is its largest, \(drawn.largest), not \(job.sizeBytes)" }
        if let reason = Matrix.unsupported(job.transport, job.pattern, drawn: drawn) { return reason }
        return Matrix.drawnSizesConflict(
            replySizeBytes: job.replySizeBytes, writes: job.writes, replyWrites: job.replyWrites, batch: job.batch,
            connections: job.connections > 0 ? job.connections : nil, engine: job.engine
        )?.reason
    }

    /// `--busy-poll-us`, `--zerocopy` and `--keepalive` by the matrix's rules (Matrix+Knobs).
    static func knobProblem(with job: WorkerJob) -> String? {
        let connections = job.connections > 0 ? job.connections : nil
        if let microseconds = job.busyPollMicroseconds {
            if !Matrix.busyPollRange.contains(microseconds) { return "busy poll \(microseconds) µs outside \(Matrix.busyPollRange)" }
            if let reason = Matrix.busyPollFit(job.transport, job.pattern, connections: connections).refusal { return reason }
        }
        if job.zeroCopy {
            if let reason = Matrix.zeroCopyFit(job.transport, job.pattern, mode: job.options.mode, paced: job.ratePerSecond != nil, connections: connections, drawnSizes: job.sizeDistribution != nil).refusal { return reason }
            if job.batch > 1 { return "--zerocopy sends one message per call" }
        }
        if job.keepAlive != nil, let reason = Matrix.keepAliveFit(job.transport, job.pattern, connections: connections).refusal { return reason }
        if job.engine == .c, job.busyPollMicroseconds != nil || job.zeroCopy || job.keepAlive != nil {
            return "the C reference loops set neither SO_BUSY_POLL, MSG_ZEROCOPY nor SO_KEEPALIVE"
        }
        return nil
    }
}

import Foundation
import SockBenchCore
import SockBenchModel

/// The worker process: obeys only its coordinator's control channel (stdin/stdout).
///
/// configure → set up the socket → ready(endpoint) → [connect] → start → run the loop → result.
/// The worker dies with its coordinator (PR_SET_PDEATHSIG, and EOF on stdin ends every wait).
public enum WorkerMain {
    /// How long a worker waits for its next control message before giving up.
    static let controlTimeoutNanoseconds: UInt64 = 60_000_000_000

    public static func run(expectedParent: Int32?) -> Int32 {
        // Die with the coordinator even if it is SIGKILLed; check the parent did not exit before
        // the request took effect.
        try? Sys.setParentDeathSignal(SIGKILL)
        if let expectedParent, getppid() != expectedParent { return 70 }
        signal(SIGPIPE, SIG_IGN)

        var reader = LineReader(fd: STDIN_FILENO)
        do {
            let job: WorkerJob
            guard case .configure(let configured) = try next(&reader) else {
                return fail("expected configure first")
            }
            job = configured
            if let reason = WorkerJobValidation.problem(with: job) { return fail(reason) }
            if let cpu = job.cpu { try Sys.pinToCPU(cpu) }

            let prepared: PreparedEnd
            switch job.role {
            case .server:
                prepared = try WorkerSetup.prepareServer(job)
            case .client:
                guard case .connect(let server) = try next(&reader) else { return fail("expected connect") }
                prepared = try WorkerSetup.prepareClient(job, server: server)
            }
            try reply(.ready(endpoint: prepared.endpoint))
            guard case .start(let peer) = try next(&reader) else { return fail("expected start") }
            let result = try WorkerSetup.run(prepared, peer: peer)
            try reply(.result(result))
            return 0
        } catch let error as SyscallError {
            return fail(error.description)
        } catch let error as ControlError {
            return fail(error.description)
        } catch {
            return fail("\(error)")
        }
    }

    private static func next(_ reader: inout LineReader) throws(ControlError) -> ControlRequest {
        let line = try reader.readLine(deadline: MonotonicClock.nanoseconds() + controlTimeoutNanoseconds)
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

/// Checks a job received over the control channel before any memory is allocated for it.
public enum WorkerJobValidation {
    public static func problem(with job: WorkerJob) -> String? {
        if job.sizeBytes < 1 || job.sizeBytes > WorkerJob.maximumSizeBytes {
            return "message size \(job.sizeBytes) outside 1...\(WorkerJob.maximumSizeBytes)"
        }
        if let reason = Matrix.unsupported(job.transport, job.pattern, sizeBytes: job.sizeBytes) { return reason }
        if case .count(let count) = job.extent, count < 1 { return "count must be at least 1" }
        if job.batch < 1 || job.batch > MessageBatch.maximumCount { return "batch \(job.batch) outside 1...\(MessageBatch.maximumCount)" }
        if job.batch > 1, !Matrix.batches(job.transport, job.pattern) {
            return "--batch applies to datagram streams (sendmmsg/recvmmsg), not \(job.transport.rawValue) \(job.pattern.rawValue)"
        }
        if job.socketDirectory.utf8.count > 80 { return "socket directory path too long" }
        return nil
    }
}

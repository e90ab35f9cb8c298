@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchRunner
import Testing

/// The worker checks a job with the rule the matrix skips cells by, before it allocates anything.
@Suite struct WorkerJobValidationTests {
    @Test func workerRejectsOversizedJobsBeforeAllocating() {
        let job = WorkerJob(role: .server, transport: .udp, pattern: .stream, sizeBytes: 70_000, options: SocketOptions(),
                            warmupNanoseconds: 0, extent: .count(1), verify: false, socketDirectory: "/tmp")
        #expect(WorkerJobValidation.problem(with: job)?.contains("65507") == true)
        var huge = job
        huge.transport = .unix
        huge.sizeBytes = 1 << 40
        #expect(WorkerJobValidation.problem(with: huge) != nil)
    }

    @Test func workerAndMatrixRefuseWithTheSameRule() {
        for (transport, size) in [(Transport.udp, 4), (.udp, 70_000), (.unixDgram, 2)] {
            let plan = Matrix.expand(MatrixAxes(transports: [transport], patterns: [.stream], sizes: [size]))
            let job = WorkerJob(role: .server, transport: transport, pattern: .stream, sizeBytes: size, options: SocketOptions(),
                                warmupNanoseconds: 0, extent: .count(1), verify: false, socketDirectory: "/tmp")
            #expect(plan.cells.isEmpty)
            #expect(plan.skipped.map(\.reason) == [WorkerJobValidation.problem(with: job)].compactMap { $0 }, "\(transport) \(size)")
        }
        #expect(Matrix.unsupported(.tcp, .stream, sizeBytes: 1) == nil)
    }
}

import SockBenchCore
@testable import SockBenchModel
import Testing

/// The io_uring modes' rows of the rule table: where they apply, what is skipped and why, and the
/// kernel's refusal turning every io_uring cell into a skip (the probe injected: the kernel cannot
/// be made to refuse for one test while others use io_uring).
@Suite struct IOUringRuleTests {
    static func available(_ mode: IOMode) -> String? { nil }

    @Test func everySocketTransportAndPipeTakeTheModesForPingPongAndStream() {
        let transports: [Transport] = [.unix, .unixDgram, .unixSeqpacket, .tcp, .tcp6, .udp, .udp6, .pipe]
        let axes = MatrixAxes(transports: transports, patterns: [.pingpong, .stream], sizes: [64], modes: [.ioUring, .ioUringSQPoll])
        let plan = Matrix.expand(axes, ioUringRefusal: Self.available)
        #expect(plan.cells.count == transports.count * 2 * 2)
        #expect(plan.skipped.isEmpty, "\(plan.skipped)")
    }

    @Test func whatTheModesCannotCarryIsSkippedWithTheReason() {
        var axes = MatrixAxes(transports: [.shm, .tcp], patterns: [.pingpong, .rr, .connect], sizes: [64], modes: [.ioUring], rates: [nil, 1000])
        let plan = Matrix.expand(axes, ioUringRefusal: Self.available)
        #expect(plan.cells.map { "\($0.transport.rawValue) \($0.pattern.rawValue)" } == ["tcp pingpong"])
        let reasons = plan.skipped.map(\.description)
        #expect(reasons.contains { $0.hasPrefix("shm pingpong 64B io_uring writes=1: a shared-memory ring has no descriptor for io_uring") }, "\(reasons)")
        #expect(reasons.contains { $0.hasPrefix("tcp rr 64B io_uring: rr's client takes replies between its slots with recv(MSG_DONTWAIT)") }, "\(reasons)")
        #expect(reasons.contains { $0.hasPrefix("tcp connect 64B io_uring writes=1: the connect pattern uses blocking sockets") }, "\(reasons)")

        axes = MatrixAxes(transports: [.udp], patterns: [.stream], sizes: [64], modes: [.ioUring, .blocking], batches: [8])
        let batched = Matrix.expand(axes, ioUringRefusal: Self.available)
        #expect(batched.cells.map(\.mode) == [.blocking])
        #expect(batched.skipped.map(\.description) == ["udp stream 64B io_uring: --batch sends with sendmmsg/recvmmsg, which the io_uring modes do not submit (use --batch 1)"])

        axes = MatrixAxes(transports: [.tcp], patterns: [.pingpong], sizes: [64], modes: [.ioUring], writes: [2])
        axes.splitWrites = [.plain, .more, .cork, .writev]
        let split = Matrix.expand(axes, ioUringRefusal: Self.available)
        #expect(split.cells.map { $0.splitWrite ?? .plain } == [.plain, .more, .cork])
        #expect(split.skipped.map(\.reason) == ["--split-write writev: the io_uring modes submit send and recv only (use plain, more or cork)"])

        let connections = Matrix.expand(MatrixAxes(transports: [.tcp], patterns: [.pingpong], sizes: [64], modes: [.ioUring], connections: [10]), ioUringRefusal: Self.available)
        // --connections is one epoll loop whatever --mode says: measured once, as epoll, with the note.
        #expect(connections.cells.map(\.mode) == [.epoll])
        #expect(connections.notes.contains { $0.contains("--mode does not apply") })
        #expect(Matrix.unsupportedIOUring(.tcp, .pingpong, mode: .ioUring, batch: nil, connections: 10, splitWrite: nil) != nil, "a worker refuses such a job")
    }

    @Test func aKernelThatRefusesIOUringSkipsItsCellsAndMeasuresTheRest() {
        var asked: [IOMode] = []
        let refusal = "the kernel refuses io_uring (io_uring_setup failed: EPERM (Operation not permitted); kernel.io_uring_disabled = 2)"
        let axes = MatrixAxes(transports: [.unix, .pipe], patterns: [.pingpong, .stream], sizes: [64], modes: [.blocking, .ioUring, .ioUringSQPoll])
        let plan = Matrix.expand(axes) { mode in
            asked.append(mode)
            return refusal
        }
        #expect(plan.cells.allSatisfy { $0.mode == .blocking })
        #expect(plan.cells.count == 4)
        #expect(plan.skipped.count == 8)
        #expect(plan.skipped.allSatisfy { $0.reason == refusal })
        #expect(plan.skipped.first?.combination == "unix pingpong 64B io_uring")
        #expect(asked == [.ioUring, .ioUringSQPoll], "the kernel is asked once per mode")
        // Without an io_uring mode the kernel is not asked at all.
        _ = Matrix.expand(MatrixAxes(transports: [.unix], modes: [.blocking])) { _ in Issue.record("asked without io_uring"); return nil }
    }

    /// The real probe on this machine: nil where io_uring works, else the kernel's errno and the sysctl.
    @Test func theKernelProbeNamesTheErrnoWhenItRefuses() {
        #expect(Matrix.kernelIOUringRefusal(.blocking) == nil)
        for mode in [IOMode.ioUring, .ioUringSQPoll] {
            if let reason = Matrix.kernelIOUringRefusal(mode) {
                #expect(reason.hasPrefix("the kernel refuses io_uring (io_uring_setup"), "\(reason)")
            }
        }
    }
}

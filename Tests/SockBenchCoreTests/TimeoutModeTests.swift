import Glibc
import Testing
@testable import SockBenchCore

/// `--mode timeout`: SO_RCVTIMEO/SO_SNDTIMEO bound a blocking call, and a stall is an error with an
/// errno, never a hang or a crash.
@Suite struct TimeoutModeTests {
    @Test func aSilentPeerTimesOutAfterTheSocketTimeout() throws {
        let pair = try ChannelTests.tcpPair()
        let server = pair.server
        var channel = try Channel(socket: pair.client, mode: .timeout, idleTimeoutNanoseconds: 50_000_000)
        var byte: UInt8 = 0
        let start = MonotonicClock.nanoseconds()
        let outcome = try channel.receive(&byte, 1)
        let waited = MonotonicClock.nanoseconds() - start
        #expect(outcome == .timedOut)
        // The kernel's timer, not the 5 s idle default: at least the timeout, well below a second.
        #expect(waited >= 45_000_000, "returned after \(waited) ns")
        #expect(waited < 1_000_000_000, "returned after \(waited) ns")
        _ = server.fd
    }

    @Test func aStalledEchoFailsThePingPongClientWithAnErrno() throws {
        let pair = try ChannelTests.tcpPair()
        let server = pair.server  // never echoes
        var channel = try Channel(socket: pair.client, mode: .timeout, idleTimeoutNanoseconds: 30_000_000)
        var job = WorkerJob(
            role: .client, transport: .tcp, pattern: .pingpong, sizeBytes: 64, options: SocketOptions(mode: .timeout),
            warmupNanoseconds: 0, extent: .count(5), verify: false, socketDirectory: "/tmp"
        )
        job.socketTimeoutNanoseconds = 30_000_000
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 64)
        let echo = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 64)
        defer {
            buffer.deallocate()
            echo.deallocate()
        }
        var result = WorkerResult(role: .client, effectiveBuffers: EffectiveBuffers(sendBufferBytes: 0, receiveBufferBytes: 0))
        #expect(throws: SyscallError.self) {
            try PingPong.runClient(&channel, job: job, buffer: buffer, echo: echo, result: &result)
        }
        do {
            try PingPong.runClient(&channel, job: job, buffer: buffer, echo: echo, result: &result)
        } catch {
            #expect(error.errno == .timedOut)
            #expect(error.description.contains("recv"), "\(error)")
        }
        _ = server.fd
    }

    @Test func aSplitMessageHasASixteenByteHeaderOrHalfOfASmallOne() {
        #expect(SplitWrite.headerBytes(messageBytes: 64) == 16)
        #expect(SplitWrite.headerBytes(messageBytes: 65_536) == 16)
        #expect(SplitWrite.headerBytes(messageBytes: 10) == 5)
        #expect(SplitWrite.headerBytes(messageBytes: 2) == 1)
    }
}

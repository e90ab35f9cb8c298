import Glibc
import Testing
@testable import SockBenchCore

/// Partial reads and writes on a real TCP connection, and the non-blocking "would block" result.
@Suite struct ChannelTests {
    /// A connected TCP pair on loopback.
    struct Pair: ~Copyable {
        var client: Socket
        var server: Socket
    }

    static func tcpPair() throws -> Pair {
        var listener = try Socket(transport: .tcp)
        try listener.bind(.ipv4Loopback(port: 0))
        try listener.listen()
        let client = try Socket(transport: .tcp)
        try client.connect(try listener.localEndpoint())
        let server = try listener.accept(timeoutNanoseconds: 1_000_000_000)
        return Pair(client: client, server: server)
    }

    @Test(arguments: [IOMode.blocking, .nonblocking, .epoll, .epollET, .busyPoll, .ioUring, .ioUringSQPoll])
    func largeMessageArrivesWholeAndIntact(mode: IOMode) throws {
        let pair = try Self.tcpPair()
        let client = pair.client
        let server = pair.server
        // Small buffers force partial sends and reads of a 256 KiB message.
        try client.apply(SocketOptions(sendBufferBytes: 16_384))
        try server.apply(SocketOptions(receiveBufferBytes: 16_384))
        let sender = try Channel(socket: client, mode: mode, idleTimeoutNanoseconds: 2_000_000_000)
        var receiver = try Channel(socket: server, mode: mode, idleTimeoutNanoseconds: 2_000_000_000)
        let size = 256 << 10
        let out = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        let back = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer { out.deallocate(); back.deallocate() }
        Payload.fill(out, count: size, sequence: 42)
        // Send from a second thread so both sides make progress.
        let senderThread = SenderThread(channel: sender, buffer: out, size: size)
        senderThread.start()
        let outcome = try receiver.receiveMessage(back, size)
        senderThread.join()
        #expect(outcome == .bytes(size))
        #expect(Payload.matches(back, count: size, sequence: 42))
        #expect(senderThread.failure == nil)
    }

    @Test func nonBlockingReceiveWithNothingPendingTimesOut() throws {
        let pair = try Self.tcpPair()
        let client = pair.client
        let server = pair.server
        var receiver = try Channel(socket: server, mode: .nonblocking, idleTimeoutNanoseconds: 50_000_000)
        var byte: UInt8 = 0
        let start = MonotonicClock.nanoseconds()
        #expect(try receiver.receive(&byte, 1) == .timedOut)
        #expect(MonotonicClock.nanoseconds() - start >= 40_000_000)
        _ = consume client  // kept open until here: the peer is silent, not gone
    }

    @Test func rawRecvReportsWouldBlockAsNil() throws {
        let pair = try Self.tcpPair()
        let client = pair.client
        let server = pair.server
        try server.setNonBlocking(true)
        var byte: UInt8 = 0
        #expect(try Sys.recv(server.fd, &byte, 1) == nil)
        _ = consume client
    }

    @Test func peerCloseIsEndOfStream() throws {
        let pair = try Self.tcpPair()
        let client = pair.client
        let server = pair.server
        try client.shutdownWrite()
        var receiver = try Channel(socket: server, mode: .blocking, idleTimeoutNanoseconds: 1_000_000_000)
        var byte: UInt8 = 0
        #expect(try receiver.receiveMessage(&byte, 1) == .endOfStream)
        _ = consume client
    }

    /// A byte stream that ends part-way through a message is an error naming how far it got, in
    /// every copy of the receive (a plain socket's `direct` one too), not the end of the run.
    @Test(arguments: [false, true])
    func peerCloseInsideAMessageIsAnError(direct: Bool) throws {
        let pair = try Self.tcpPair()
        let client = pair.client
        let server = pair.server
        var sender = try Channel(socket: client, mode: .blocking, idleTimeoutNanoseconds: 1_000_000_000)
        var receiver = try Channel(socket: server, mode: .blocking, idleTimeoutNanoseconds: 1_000_000_000)
        let isDirect = receiver.isDirect
        #expect(isDirect)
        var piece: (UInt64, UInt8) = (7, 3)
        try withUnsafeBytes(of: &piece) { raw throws(SyscallError) in try sender.sendAll(raw.baseAddress!, 3) }
        try sender.shutdownWrite()
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
        defer { buffer.deallocate() }
        do {
            let outcome = try receiver.receiveMessage(buffer, 8, direct: direct)
            Issue.record("expected an error, got \(outcome)")
        } catch {
            #expect(error.errno == .connectionReset)
            #expect(error.detail == "peer closed inside a message (3 of 8 bytes)")
        }
    }
}

/// Runs `sendAll` on its own pthread (the test's receiver reads on the main one).
/// Its state is handed over by pthread_join: `failure` is read only after `join()`.
final class SenderThread {
    private var channel: Channel?
    private let buffer: UnsafeMutableRawPointer
    private let size: Int
    private var thread = pthread_t()
    var failure: SyscallError?

    init(channel: consuming Channel, buffer: UnsafeMutableRawPointer, size: Int) {
        self.channel = consume channel
        self.buffer = buffer
        self.size = size
    }

    func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { raw in
            let me = Unmanaged<SenderThread>.fromOpaque(raw!).takeRetainedValue()
            me.body()
            return nil
        }, context)
    }

    private func body() {
        guard var channel = channel.take() else { return }
        do { try channel.sendAll(buffer, size) } catch { failure = error }
        _ = consume channel
    }

    func join() { pthread_join(thread, nil) }
}

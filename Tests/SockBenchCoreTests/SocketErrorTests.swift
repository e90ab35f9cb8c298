import Glibc
import Testing
@testable import SockBenchCore

/// Typed errors from the real kernel: each names the call and the errno.
@Suite struct SocketErrorTests {
    @Test func connectToMissingUnixPathIsENOENT() throws {
        let socket = try Socket(transport: .unix)
        let path = "/tmp/sockbench-test-missing-\(getpid()).sock"
        let error = #expect(throws: SyscallError.self) { try socket.connect(.unix(path: path)) }
        #expect(error?.call == "connect")
        #expect(error?.errno == .noSuchFile)
        #expect(error?.description.contains("ENOENT") == true)
        #expect(error?.description.contains(path) == true)
    }

    @Test func bindingABoundTCPPortIsEADDRINUSE() throws {
        var first = try Socket(transport: .tcp)
        try first.bind(.ipv4Loopback(port: 0))
        try first.listen()
        let taken = try first.localEndpoint()
        var second = try Socket(transport: .tcp)
        let error = #expect(throws: SyscallError.self) { try second.bind(taken) }
        #expect(error?.call == "bind")
        #expect(error?.errno == .addressInUse)
        #expect(error?.description.contains("EADDRINUSE") == true)
    }

    @Test func connectToClosedTCPPortIsECONNREFUSED() throws {
        // Bind to learn a free port, then close it so nobody listens there.
        var probe = try Socket(transport: .tcp)
        try probe.bind(.ipv4Loopback(port: 0))
        let endpoint = try probe.localEndpoint()
        _ = consume probe
        let client = try Socket(transport: .tcp)
        let error = #expect(throws: SyscallError.self) { try client.connect(endpoint) }
        #expect(error?.errno == .connectionRefused)
        #expect(error?.description.contains("ECONNREFUSED") == true)
    }

    @Test func udpDatagramOver65507BytesIsEMSGSIZE() throws {
        var receiver = try Socket(transport: .udp)
        try receiver.bind(.ipv4Loopback(port: 0))
        let sender = try Socket(transport: .udp)
        try sender.connect(try receiver.localEndpoint())
        var channel = try Channel(socket: sender, mode: .blocking, idleTimeoutNanoseconds: 1_000_000_000)
        let payload = [UInt8](repeating: 7, count: 65_508)
        let error = #expect(throws: SyscallError.self) {
            _ = try payload.withUnsafeBytes { raw throws(SyscallError) in try channel.send(raw.baseAddress!, raw.count) }
        }
        #expect(error?.call == "send")
        #expect(error?.errno == .messageTooLong)
        // The largest legal datagram goes through.
        let sent = try payload.withUnsafeBytes { raw throws(SyscallError) in try channel.send(raw.baseAddress!, 65_507) }
        #expect(sent == 65_507)
    }

    @Test func unixSocketFileIsRemovedOnClose() throws {
        let path = "/tmp/sockbench-test-unlink-\(getpid()).sock"
        do {
            var socket = try Socket(transport: .unix)
            try socket.bind(.unix(path: path))
            #expect(access(path, F_OK) == 0)
        }
        #expect(access(path, F_OK) != 0)
    }

    @Test func effectiveBuffersAreAtLeastTheRequest() throws {
        let socket = try Socket(transport: .tcp)
        try socket.apply(SocketOptions(sendBufferBytes: 65_536, receiveBufferBytes: 32_768, noDelay: true))
        let granted = try socket.effectiveBuffers()
        // Linux doubles a request (bookkeeping overhead) unless net.core.*mem_max caps it.
        #expect(granted.sendBufferBytes >= 65_536)
        #expect(granted.receiveBufferBytes >= 32_768)
        #expect(try socket.noDelay())
    }
}

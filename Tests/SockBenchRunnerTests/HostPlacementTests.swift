import Foundation
import Testing
@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchRunner

struct HostPlacementTests {
    @Test func launcherWordsSplitLikeAShellWithoutOne() {
        #expect(CommandWords.split("ssh -p 2222 hostb") == ["ssh", "-p", "2222", "hostb"])
        #expect(CommandWords.split("  ip netns exec 'my ns'  ") == ["ip", "netns", "exec", "my ns"])
        #expect(CommandWords.split(#"env A="x y" B=\' ssh"#) == ["env", "A=x y", "B='", "ssh"])
        #expect(CommandWords.split("   ").isEmpty)
    }

    @Test func cellIDsChangeOnlyWhenAPlacementOptionIsGiven() {
        let cell = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: true)
        let plain = Matrix.expand(MatrixAxes(transports: [.tcp], patterns: [.pingpong]))
        #expect(plain.placed(on: nil).cells.map(\.id) == [cell.id])
        #expect(plain.placed(on: HostPlacement(connectTimeoutNanoseconds: 1_000_000_000)).cells.map(\.id) == [cell.id])
        let placed = plain.placed(on: HostPlacement(serverVia: "ssh /b", serverAddress: "10.0.0.2"))
        #expect(placed.cells.map(\.id) == [cell.id + "/hosts=server=10.0.0.2,server-via=ssh %2Fb"])
    }

    @Test func aLongLauncherKeepsTheIdShortAndDistinct() {
        let long = "ssh -i /tmp/some/key -p 22022 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null root@hostb"
        let one = HostPlacement(serverVia: long, serverAddress: "10.0.0.2").cellLabel!
        let other = HostPlacement(serverVia: long + "x", serverAddress: "10.0.0.2").cellLabel!
        #expect(one.count <= 97 && other.count <= 97)
        #expect(one != other)
        #expect(one.hasPrefix("server=10.0.0.2,server-via=ssh -i %2Ftmp"))
    }

    @Test func unixAndTheOtherFamilyAreSkippedWithTheReason() {
        let axes = MatrixAxes(transports: [.unix, .unixDgram, .tcp, .tcp6, .udp6], patterns: [.pingpong])
        let plan = Matrix.expand(axes).placed(on: HostPlacement(serverVia: "ssh b", serverAddress: "192.0.2.7"))
        #expect(plan.cells.map(\.transport) == [.tcp])
        #expect(plan.skipped.map(\.description) == [
            "unix pingpong 64B: AF_UNIX is local to one host",
            "unix-dgram pingpong 64B: AF_UNIX is local to one host",
            "tcp6 pingpong 64B: --server-address 192.0.2.7 is not an IPv6 address",
            "udp6 pingpong 64B: --server-address 192.0.2.7 is not an IPv6 address",
        ])
        // A host name may have both families: nothing skipped for it.
        #expect(Matrix.expand(axes).placed(on: HostPlacement(serverAddress: "hostb")).skipped.isEmpty)
        #expect(HostPlacement(serverVia: "ssh b").workersShareClock == false)
        #expect(HostPlacement(serverAddress: "::1").workersShareClock)
    }

    @Test func aHelloFromAnotherVersionIsNamedInOneLine() {
        let who = "server worker (via 'ssh b')"
        let same = Array(#"{"hello":{"sockbench":"\#(SockBenchVersion.current)","protocolVersion":\#(WorkerHello.currentProtocolVersion)}}"#.utf8)
        #expect(WorkerHello.mismatch(in: same, who: who) == nil)
        let older = Array(#"{"hello":{"sockbench":"0.0.1","protocolVersion":1,"extra":true}}"#.utf8)
        #expect(WorkerHello.mismatch(in: older, who: who) == "server worker (via 'ssh b') is sockbench 0.0.1, this is \(SockBenchVersion.current): install the same version on both hosts")
        let protocolOnly = Array(#"{"hello":{"sockbench":"\#(SockBenchVersion.current)","protocolVersion":99}}"#.utf8)
        #expect(WorkerHello.mismatch(in: protocolOnly, who: who)?.contains("control protocol 99") == true)
        #expect(WorkerHello.mismatch(in: Array("Welcome to host b".utf8), who: who) == "server worker (via 'ssh b') did not answer like a sockbench worker (first line: Welcome to host b)")
    }

    @Test func anInetEndpointRoundTripsThroughTheKernel() throws {
        // Bound to 127.0.0.2 (loopback, but not the loopback case): the kernel's port comes back as .inet.
        var socket = try Socket(transport: .tcp)
        try socket.bind(try .bindable("127.0.0.2", transport: .tcp, port: 0))
        let endpoint = try socket.localEndpoint()
        guard case .inet(let address, let port) = endpoint else { Issue.record("got \(endpoint)"); return }
        #expect(address == "127.0.0.2" && port > 0)
        #expect(throws: SyscallError.self) { try Endpoint.bindable("no-such-host.invalid", transport: .tcp, port: 0) }
    }
}

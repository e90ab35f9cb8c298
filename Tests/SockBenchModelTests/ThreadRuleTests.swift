@testable import SockBenchCore
@testable import SockBenchModel
import Testing

/// `--threads`: where the axis applies (the rule table) and where the threads run.
struct ThreadRuleTests {
    @Test func threadsMultiplyConnectionCellsAndSkipWhatCannotBeSplit() {
        var axes = MatrixAxes(transports: [.unix, .tcp, .udp, .unixDgram], patterns: [.pingpong], sizes: [64], connections: [4])
        axes.threads = [1, 2, 8]
        let plan = Matrix.expand(axes, usableCPUs: 2)
        #expect(plan.cells.map(\.id) == [
            "unix/pingpong/64B/snd=default/rcv=default/nodelay=na/epoll/cpu=none/pairs=1/connections=4/threads=1",
            "unix/pingpong/64B/snd=default/rcv=default/nodelay=na/epoll/cpu=none/pairs=1/connections=4/threads=2",
            "tcp/pingpong/64B/snd=default/rcv=default/nodelay=on/epoll/cpu=none/pairs=1/connections=4/threads=1",
            "tcp/pingpong/64B/snd=default/rcv=default/nodelay=on/epoll/cpu=none/pairs=1/connections=4/threads=2",
            "udp/pingpong/64B/snd=default/rcv=default/nodelay=na/epoll/cpu=none/pairs=1/connections=4/threads=1",
            "udp/pingpong/64B/snd=default/rcv=default/nodelay=na/epoll/cpu=none/pairs=1/connections=4/threads=2",
            "unix-dgram/pingpong/64B/snd=default/rcv=default/nodelay=na/epoll/cpu=none/pairs=1/connections=4/threads=1",
        ])
        #expect(plan.skipped.contains { $0.combination == "unix-dgram pingpong connections=4 threads=2" && $0.reason.contains("SO_REUSEPORT") })
        #expect(plan.skipped.contains { $0.combination == "tcp pingpong connections=4 threads=8" && $0.reason.contains("without a connection") })
        // The C reference loops have threaded twins: the same rules hold for both engines.
        #expect(Matrix.unsupported(.tcp, threads: 2, connections: 4, engine: .c) == nil)
        #expect(Matrix.unsupported(.unix, threads: 8, connections: 4, engine: .c) == Matrix.unsupported(.unix, threads: 8, connections: 4, engine: .swift))
    }

    @Test func threadsWithoutConnectionsAreRefused() {
        var axes = MatrixAxes(transports: [.tcp], patterns: [.pingpong], sizes: [64])
        axes.threads = [2]
        #expect(Matrix.unsupportedAxes(axes) == "--threads 2 applies to --connections cells (the threads of the epoll server and of its clients share the connections); add --connections N")
        axes.threads = [1]
        #expect(Matrix.unsupportedAxes(axes) == nil)
    }

    @Test func splitPlacesOneThreadPerCoreOnEachHalf() {
        var cell = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, cpu: .split, connections: 64)
        cell.threads = 4
        let big = ThreadPlacement(cell: cell, clientProcesses: 1, usable: Array(0..<64))
        #expect(big.server == [32, 33, 34, 35] && big.clients == [[0, 1, 2, 3]])
        #expect(ThreadPlacement.warning(cell: cell, clientProcesses: 1, usable: Array(0..<64)) == nil)
        let small = ThreadPlacement(cell: cell, clientProcesses: 1, usable: [0, 1])
        #expect(small.description == "server 1,1,1,1 client 0,0,0,0")
        #expect(ThreadPlacement.warning(cell: cell, clientProcesses: 1, usable: [0, 1])?.hasPrefix("--threads 4 (tcp, 64 connections): 4 server and 4 client threads on 2 usable cores") == true)
        let twoProcesses = ThreadPlacement(cell: cell, clientProcesses: 2, usable: Array(0..<8))
        #expect(twoProcesses.description == "server 4,5,6,7 client 0,1,2,3/0,1,2,3")
        cell.cpu = .none
        #expect(ThreadPlacement(cell: cell, clientProcesses: 1, usable: [0, 1]).description == "scheduler")
    }
}

/// `--compare transport=unix,tcp` with `--threads`: one paired comparison per thread count.
struct ThreadCompareTests {
    @Test func transportsPairPerThreadCount() {
        var axes = MatrixAxes(transports: [.unix, .tcp], patterns: [.pingpong], sizes: [64], connections: [8])
        axes.threads = [1, 2]
        let cells = Matrix.expand(axes, usableCPUs: 2).cells
        let groups = CompareSpec(axis: .transport, a: "unix", b: "tcp").groups(cells)
        #expect(groups.count == 2)
        #expect(groups.map { $0.map(\.threads) } == [[1, 1], [2, 2]])
        #expect(groups.map { $0.map(\.transport) } == [[.unix, .tcp], [.unix, .tcp]])
    }
}

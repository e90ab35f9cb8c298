@testable import SockBenchModel
import SockBenchCore
import Testing

@Suite struct MatrixTests {
    @Test func expandsTheProductAndSkipsWithReasons() {
        let axes = MatrixAxes(
            transports: [.unix, .tcp, .udp, .unixDgram], patterns: [.pingpong, .stream], sizes: [4, 64, 65_536],
            noDelay: [true, false]
        )
        let plan = Matrix.expand(axes, unixDatagramLimit: 212_992)
        // tcp: 2 patterns × 3 sizes × 2 nodelay = 12; unix: 6 (nodelay collapses);
        // udp: 65536 > 65507 skipped, stream 4 B skipped → 3; unix-dgram: stream 4 B skipped → 5.
        #expect(plan.cells.filter { $0.transport == .tcp }.count == 12)
        #expect(plan.cells.filter { $0.transport == .unix }.count == 6)
        #expect(plan.cells.filter { $0.transport == .udp }.count == 3)
        #expect(plan.cells.filter { $0.transport == .unixDgram }.count == 5)
        #expect(plan.cells.allSatisfy { $0.transport.isTCP || $0.noDelay == nil })
        #expect(plan.skipped.contains { $0.reason.contains("65507") })
        #expect(plan.skipped.contains { $0.reason.contains("sequence number") })
        #expect(plan.notes.contains { $0.contains("TCP_NODELAY does not apply to unix") })
        #expect(Set(plan.cells.map(\.id)).count == plan.cells.count)
    }

    @Test func batchAppliesToDatagramStreamsOnly() {
        let plan = Matrix.expand(MatrixAxes(transports: [.udp, .tcp], patterns: [.pingpong, .stream], sizes: [64], batches: [1, 16]))
        #expect(plan.cells.filter { $0.batch == 16 }.map(\.id) == ["udp/stream/64B/snd=default/rcv=default/nodelay=na/blocking/cpu=none/pairs=1/batch=16"])
        #expect(plan.cells.count == 5)  // udp pingpong, udp stream ×2, tcp pingpong, tcp stream
        #expect(plan.notes.contains { $0.contains("--batch applies to datagram streams only") })
        // Batch 1 keeps the id of runs made before batching existed.
        #expect(!plan.cells.contains { $0.batch == 1 })
    }

    /// `--split-write` multiplies split ping-pong cells only; MSG_MORE and TCP_CORK are TCP's, so on
    /// unix they are skipped with the reason; elsewhere the axis collapses with a note. `--quickack`
    /// applies to TCP ping-pong alone. `plain` and `off` keep the ids of runs made before the axes.
    @Test func splitWriteAndQuickAckApplyWhereTheTrapIs() {
        var axes = MatrixAxes(transports: [.unix, .tcp], patterns: [.pingpong, .stream], sizes: [64], writes: [1, 2])
        axes.splitWrites = SplitStyle.allCases
        axes.quickAck = [false, true]
        let plan = Matrix.expand(axes)
        let tcpSplit = plan.cells.filter { $0.transport == .tcp && $0.writes == 2 }
        #expect(tcpSplit.count == 8, "4 styles × quickack on/off: \(tcpSplit.map(\.id))")
        let unixSplit = plan.cells.filter { $0.transport == .unix && $0.writes == 2 }
        #expect(Set(unixSplit.map { $0.splitWrite ?? .plain }) == [.plain, .writev], "\(unixSplit.map(\.id))")
        #expect(unixSplit.allSatisfy { $0.quickAck == nil })
        #expect(plan.skipped.contains { $0.combination == "unix pingpong split-write=cork" && $0.reason.contains("TCP_CORK is a TCP option") })
        #expect(plan.skipped.contains { $0.combination == "unix pingpong split-write=more" && $0.reason.contains("MSG_MORE") })
        // Whole messages: one cell per transport and pattern (quick ACKs still vary for TCP ping-pong).
        #expect(plan.cells.filter { $0.transport == .tcp && $0.pattern == .pingpong && $0.writes == nil }.count == 2)
        #expect(plan.cells.filter { $0.pattern == .stream }.allSatisfy { $0.splitWrite == nil && $0.quickAck == nil })
        #expect(plan.notes.contains { $0.hasPrefix("--split-write applies to split ping-pong messages") })
        #expect(plan.notes.contains { $0.hasPrefix("--quickack applies to TCP ping-pong") })
        #expect(tcpSplit.contains { $0.id.hasSuffix("/writes=2/split=cork/quickack=on") })
        #expect(plan.cells.contains { $0.id == "tcp/pingpong/64B/snd=default/rcv=default/nodelay=on/blocking/cpu=none/pairs=1/writes=2" })
        #expect(Set(plan.cells.map(\.id)).count == plan.cells.count)
        // A hand-picked cell keeps its cure through the same rules.
        #expect(Matrix.plan(cells: [tcpSplit[0], tcpSplit[7]]).cells == [tcpSplit[0], tcpSplit[7]])
    }

    @Test func unixDatagramLargerThanTheSendBufferIsSkipped() {
        let plan = Matrix.expand(MatrixAxes(transports: [.unixDgram], patterns: [.stream], sizes: [1 << 20]), unixDatagramLimit: 212_992)
        #expect(plan.cells.isEmpty)
        #expect(plan.skipped.first?.reason.contains("SO_SNDBUF") == true)
    }

    @Test func scheduleIsSeededCompleteAndInterleaved() {
        let cells = [[0], [1], [2], [3]]
        let a = Schedule.slots(groups: cells, slots: 1...3, seed: 42)
        let b = Schedule.slots(groups: cells, slots: 1...3, seed: 42)
        let c = Schedule.slots(groups: cells, slots: 1...3, seed: 43)
        #expect(a == b)
        #expect(a != c)
        #expect(a.count == 12)
        #expect(Set(a).count == 12)
        // Not cell-by-cell: some cell's repetitions are separated by another cell.
        #expect(zip(a, a.dropFirst()).contains { $0.cellIndex != $1.cellIndex })
    }

    @Test func quantitiesParseAndReject() {
        #expect(Quantities.byteCount("64") == 64)
        #expect(Quantities.byteCount("4K") == 4096)
        #expect(Quantities.byteCount("64KiB") == 65_536)
        #expect(Quantities.byteCount("1M") == 1 << 20)
        #expect(Quantities.byteCount("12Q") == nil)
        #expect(Quantities.byteCount("-5") == nil)
        #expect(Quantities.byteCount("abc") == nil)
        #expect(Quantities.duration("500ms") == 500_000_000)
        #expect(Quantities.duration("2s") == 2_000_000_000)
        #expect(Quantities.duration("nan") == nil)
        #expect(Quantities.duration("-1s") == nil)
        #expect(Quantities.duration("5 fortnights") == nil)
    }

    @Test func percentagesNeedTheirPercentSign() {
        #expect(Quantities.percentage("10%") == 0.1)
        #expect(Quantities.percentage(" 2.5% ") == 0.025)
        #expect(Quantities.percentage("0%") == 0)
        for bad in ["0.1", "10", "-2%", "nan%", "%", "ten%"] { #expect(Quantities.percentage(bad) == nil, "\(bad)") }
    }

    @Test func runAndBaselineNamesFollowOneRule() {
        for good in ["ci", "main-2026.11", "a_b"] { #expect(RunName.isValid(good), "\(good)") }
        for bad in ["", ".hidden", "..", "../escape", "a/b", "a b"] { #expect(!RunName.isValid(bad), "\(bad)") }
        #expect(RunName.problem(".x") == "--name: '.x' may hold only letters, digits, '-', '_' and '.', and not start with '.'")
    }

    @Test func noDelayIsSpelledOnOffOrNotApplicable() {
        let unix = Cell(transport: .unix, pattern: .stream, sizeBytes: 64, noDelay: true)
        let tcp = Cell(transport: .tcp, pattern: .stream, sizeBytes: 64, noDelay: false)
        #expect(unix.noDelaySetting == nil && unix.id.contains("/nodelay=\(Cell.notApplicable)/"))
        #expect(tcp.noDelaySetting == "off" && tcp.id.contains("/nodelay=off/"))
    }

    @Test func cpuPlacementParses() {
        #expect(CPUPlacement("split") == .split)
        #expect(CPUPlacement("0+1") == .explicit(client: 0, server: 1))
        #expect(CPUPlacement("0+") == nil)
        #expect(CPUPlacement.same.cores(pair: 0, usable: [0, 1]) == (0, 0))
        #expect(CPUPlacement.split.cores(pair: 0, usable: [0, 1]) == (0, 1))
        // Under `taskset -c 2,3` the workers go to cores 2 and 3, not to 0 and 1.
        #expect(CPUPlacement.split.cores(pair: 0, usable: [2, 3]) == (2, 3))
        #expect(CPUPlacement.same.cores(pair: 1, usable: [2, 3]) == (3, 3))
    }
}

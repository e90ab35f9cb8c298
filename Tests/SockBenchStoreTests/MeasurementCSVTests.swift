import Foundation
import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchStore
import SockBenchStats
import Testing

@Suite struct MeasurementCSVTests {
    @Test func headerIsExactlyTheDocumentedColumns() {
        let foundation = "transport,pattern,size_bytes,sndbuf_requested,sndbuf_effective,rcvbuf_requested,rcvbuf_effective,nodelay,mode,messages,bytes,seconds,msg_per_s,mb_per_s,rtt_per_s,rtt_min_us,rtt_mean_us,rtt_p50_us,rtt_p90_us,rtt_p99_us,rtt_p999_us,rtt_max_us,lost,reordered,duplicated,status,error"
        let matrix = "cell_id,repetition,pairs,cpu,cpu_us_per_msg_sender,cpu_us_per_msg_receiver,ctx_switches_per_msg,udp_kernel_rcvbuf_drops,batch,engine"
        let requestReply = "reply_size_bytes"
        let connections = "writes,connect_p50_us,connect_p99_us,connections,conn_rtt_count_min,conn_rtt_count_median,conn_rtt_count_max"
        let paced = "rate_offered,owl_p50_us,owl_p90_us,owl_p99_us,owl_p999_us,owl_max_us,owl_actual_p50_us,owl_actual_p90_us,owl_actual_p99_us,owl_actual_p999_us,owl_actual_max_us"
        let time = "idle,started_ns,ended_ns"
        let writes = "reply_writes,split_write,quickack"
        let threads = "threads,placement,thread_msg_per_s_min,thread_msg_per_s_median,thread_msg_per_s_max,burst"
        let knobs = "busy_poll_us,busy_poll_accepted,busy_poll_effective_us,zerocopy,zerocopy_copied,keepalive,keepalive_requested,keepalive_effective"
        let sizes = "size_dist,hosts"
        #expect(MeasurementCSV.header == foundation + "," + matrix + "," + requestReply + "," + connections + "," + paced + "," + time + "," + writes + "," + threads + "," + knobs + "," + sizes + "\n")
    }

    @Test func aRowParsesBackIntoTheValuesMeasured() throws {
        let cell = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 1024, sendBufferBytes: 65_536, noDelay: false, mode: .epoll, cpu: .split, pairs: 2)
        var m = CellMeasurement(cell: cell, repetition: 3)
        m.sendBufferEffective = 131_072
        m.receiveBufferEffective = 131_072
        m.messages = 2000
        m.bytes = 2_048_000
        m.seconds = 0.5
        m.messagesPerSecond = 4000
        m.megabytesPerSecond = 4.096
        m.roundTripsPerSecond = 2000
        m.roundTrip = RoundTripSummary(minimum: 10, mean: 20.5, p50: 19, p90: 25, p99: 40, p999: 80, maximum: 120.25)
        m.cpuMicrosecondsPerMessageSender = 1.25
        m.error = "a note, with a comma and \"quotes\""
        let text = MeasurementCSV.header + MeasurementCSV.row(m)
        let parsed = try #require(try MeasurementCSV.parse(text).first)
        #expect(parsed.cell == cell)
        #expect(parsed.repetition == 3)
        #expect(parsed.sendBufferEffective == 131_072)
        #expect(parsed.messages == 2000 && parsed.bytes == 2_048_000)
        #expect(parsed.messagesPerSecond == 4000)
        #expect(parsed.roundTrip == m.roundTrip)
        #expect(parsed.cpuMicrosecondsPerMessageSender == 1.25)
        #expect(parsed.error == m.error)
        #expect(parsed.lost == nil, "empty cell where a column does not apply")
    }

    /// The cures of the split-write trap read back as measured; `plain` and `off` are the cells
    /// without them (the ids of runs made before the columns).
    @Test func splitWriteAndQuickAckRoundTrip() throws {
        var cured = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: false, writes: 2, replyWrites: 2)
        cured.splitWrite = .cork
        cured.quickAck = true
        let plain = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: false, writes: 2)
        let whole = Cell(transport: .unix, pattern: .stream, sizeBytes: 64)
        let rows = [cured, plain, whole].map { MeasurementCSV.row(CellMeasurement(cell: $0, repetition: 1)) }
        // The five --threads columns and burst follow, empty without the axis; then the socket
        // options' eight columns: keepalive `off` on TCP pairs, empty elsewhere; then size_dist, empty
        // for a fixed size, and hosts, empty for two workers on this host.
        let knobs = (tcp: ",,,,,,off,,,,\n", unix: String(repeating: ",", count: 10) + "\n")
        #expect(rows[0].hasSuffix(",2,cork,on,,,,,," + knobs.tcp) && rows[1].hasSuffix(",1,plain,off,,,,,," + knobs.tcp) && rows[2].hasSuffix(",1,,,,,,,," + knobs.unix), "\(rows)")
        let parsed = try MeasurementCSV.parse(MeasurementCSV.header + rows.joined())
        #expect(parsed.map(\.cell) == [cured, plain, whole])
    }

    /// The socket options read back as measured: what was asked (the cell) and what the kernel granted.
    @Test func socketOptionColumnsRoundTrip() throws {
        var cell = Cell(transport: .tcp, pattern: .stream, sizeBytes: 1 << 20)
        cell.busyPollMicroseconds = 50
        cell.zeroCopy = true
        cell.keepAlive = KeepAlive(idleSeconds: 1, count: 2)
        var m = CellMeasurement(cell: cell, repetition: 2)
        (m.busyPollAccepted, m.busyPollEffectiveMicroseconds, m.zeroCopyCopied) = (true, 50, 1)
        m.keepAliveEffective = KeepAlive(idleSeconds: 1, intervalSeconds: 75, count: 2)
        let row = MeasurementCSV.row(m)
        #expect(row.hasSuffix(",50,yes,50,on,1.000,on,1/-/2,1/75/2,,\n"), "\(row)")
        let parsed = try #require(try MeasurementCSV.parse(MeasurementCSV.header + row).first)
        #expect(parsed.cell == cell && parsed.cell.id.hasSuffix("/busy-poll=50us/zerocopy=on/keepalive=1/-/2"))
        #expect(parsed.busyPollAccepted == true && parsed.busyPollEffectiveMicroseconds == 50 && parsed.zeroCopyCopied == 1)
        #expect(parsed.keepAliveEffective == m.keepAliveEffective)
    }

    /// A run across hosts keeps its placement in the cell, so a row read back is the cell that
    /// run.json lists: before the `hosts` column, report.html of such a run had no rows at all.
    @Test func aCellPlacedOnAnotherHostParsesBackAsItself() throws {
        var cell = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64)
        cell.hosts = "server=10.200.0.2,server-via=ip netns exec sbnet-b,client-via=ip netns exec sbnet-a"
        let parsed = try #require(try MeasurementCSV.parse(MeasurementCSV.header + MeasurementCSV.row(CellMeasurement(cell: cell, repetition: 1))).first)
        #expect(parsed.cell == cell && parsed.cell.id == cell.id, "\(parsed.cell.id)")
        let summaries = Summaries.make(cells: [cell], measurements: [parsed], mergingHistograms: false)
        #expect(summaries.count == 1)
    }

    /// Every row is written whole with its newline: a last row without one was cut off, and is an
    /// error naming the file and line (resume alone drops it, to measure it again). Before, every
    /// reader dropped it silently and the cell lost a repetition.
    @Test func aRowCutShortIsAnErrorNamingFileAndLine() throws {
        var m = CellMeasurement(cell: Cell(transport: .unix, pattern: .stream, sizeBytes: 64), repetition: 1)
        m.messagesPerSecond = 1
        let whole = MeasurementCSV.header + MeasurementCSV.row(m)
        let cut = whole + String(MeasurementCSV.row(m).dropLast(10))
        #expect(throws: ReportError.malformed("measurements.csv line 3 is cut off (the row has no end of line)")) {
            try MeasurementCSV.parse(cut)
        }
        #expect(try MeasurementCSV.parse(whole).count == 1)
    }

    @Test func runsFromBeforeTheBatchColumnStillParse() throws {
        var m = CellMeasurement(cell: Cell(transport: .udp, pattern: .stream, sizeBytes: 64), repetition: 1)
        m.messagesPerSecond = 10
        let trailing = MeasurementCSV.columns.count - MeasurementCSV.columns.firstIndex(of: "batch")!
        for dropped in 1...trailing {  // back to before batch: every trailing column came later
            let legacyHeader = CSV.line(Array(MeasurementCSV.columns.dropLast(dropped)))
            let fields = MeasurementCSV.row(m).dropLast().split(separator: ",", omittingEmptySubsequences: false)
            let legacyRow = fields.dropLast(dropped).joined(separator: ",") + "\n"
            let parsed = try MeasurementCSV.parse(legacyHeader + legacyRow)
            #expect(parsed.first?.cell == m.cell, "without the last \(dropped) columns")
        }
    }

    @Test func anAsymmetricPingPongRowKeepsItsReplySize() throws {
        let cell = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 200, replySizeBytes: 2048)
        #expect(cell.id.hasSuffix("/reply=2048B"))
        #expect(Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 200, replySizeBytes: 200).id == Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 200).id,
                "a reply of the request's size keeps the id every older run used")
        var m = CellMeasurement(cell: cell, repetition: 1)
        m.messagesPerSecond = 2
        let row = MeasurementCSV.row(m)
        #expect(CSV.parse(row)[0][MeasurementCSV.columns.firstIndex(of: "reply_size_bytes")!] == "2048")
        let parsed = try #require(try MeasurementCSV.parse(MeasurementCSV.header + row).first)
        #expect(parsed.cell.replySizeBytes == 2048)
        #expect(parsed.cell.id == cell.id)
    }

    @Test func runsFromBeforeTheRateColumnsStillParse() throws {
        var m = CellMeasurement(cell: Cell(transport: .udp, pattern: .stream, sizeBytes: 64, batch: 8), repetition: 1)
        m.messagesPerSecond = 10
        let kept = MeasurementCSV.columns.firstIndex(of: "rate_offered")!
        let header = CSV.line(Array(MeasurementCSV.columns.prefix(kept)))
        let row = CSV.line(Array(CSV.parse(MeasurementCSV.row(m)).first!.prefix(kept)))
        let parsed = try MeasurementCSV.parse(header + row)
        #expect(parsed.first?.cell == m.cell)
        #expect(parsed.first?.cell.ratePerSecond == nil)
    }

    /// The committed connect, connections and Nagle-trap runs were written while `writes`..`conn_*`
    /// and `engine`, `reply_size_bytes` were added apart: the later columns in another order.
    @Test func laterColumnsInAnotherOrderParseByName() throws {
        let cell = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: false, writes: 2, connections: 10)
        var m = CellMeasurement(cell: cell, repetition: 3)
        m.messagesPerSecond = 10
        let fields = MeasurementCSV.row(m).dropLast().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let byName = Dictionary(uniqueKeysWithValues: zip(MeasurementCSV.columns, fields))
        let batch = MeasurementCSV.columns.firstIndex(of: "batch")!
        let order = Array(MeasurementCSV.columns.prefix(batch)) + ["batch", "writes", "connect_p50_us", "connect_p99_us", "connections", "conn_rtt_count_min", "conn_rtt_count_median", "conn_rtt_count_max"]
        let parsed = try MeasurementCSV.parse(CSV.line(order) + CSV.line(order.map { byName[$0]! }))
        #expect(parsed.first?.cell == cell && parsed.first?.repetition == 3)
        #expect(throws: ReportError.self, "a column twice is no header of ours") {
            try MeasurementCSV.parse(CSV.line(order + ["writes"]) + CSV.line(order.map { byName[$0]! } + ["2"]))
        }
    }

    @Test func aForeignHeaderIsMalformed() {
        #expect(throws: ReportError.self) { try MeasurementCSV.parse("a,b,c\n1,2,3\n") }
    }
}

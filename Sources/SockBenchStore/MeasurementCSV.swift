import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats

/// The columns of measurements.csv: one row per measurement (cell × repetition). The README
/// describes each column; empty means "does not apply".
public enum MeasurementCSV {
    public static let columns = [
        "transport", "pattern", "size_bytes", "sndbuf_requested", "sndbuf_effective", "rcvbuf_requested",
        "rcvbuf_effective", "nodelay", "mode", "messages", "bytes", "seconds", "msg_per_s", "mb_per_s",
        "rtt_per_s", "rtt_min_us", "rtt_mean_us", "rtt_p50_us", "rtt_p90_us", "rtt_p99_us", "rtt_p999_us",
        "rtt_max_us", "lost", "reordered", "duplicated", "status", "error",
        "cell_id", "repetition", "pairs", "cpu", "cpu_us_per_msg_sender", "cpu_us_per_msg_receiver",
        "ctx_switches_per_msg", "udp_kernel_rcvbuf_drops", "batch", "engine", "reply_size_bytes",
        "writes", "connect_p50_us", "connect_p99_us",
        "connections", "conn_rtt_count_min", "conn_rtt_count_median", "conn_rtt_count_max",
    ] + pacedColumns + ["idle", "started_ns", "ended_ns", "reply_writes", "split_write", "quickack"]
        + ["threads", "placement", "thread_msg_per_s_min", "thread_msg_per_s_median", "thread_msg_per_s_max", "burst"]
        + ["busy_poll_us", "busy_poll_accepted", "busy_poll_effective_us", "zerocopy", "zerocopy_copied", "keepalive", "keepalive_requested",
            "keepalive_effective"]
        + ["size_dist", "hosts"]

    public static var header: String { CSV.line(columns) }

    public static func row(_ m: CellMeasurement) -> String {
        let c = m.cell
        let rtt = m.roundTrip
        var fields: [String] = [
            c.transport.rawValue, c.pattern.rawValue, String(c.sizeBytes),
            c.sendBufferBytes.map(String.init) ?? "default", m.sendBufferEffective.map(String.init) ?? "",
            c.receiveBufferBytes.map(String.init) ?? "default", m.receiveBufferEffective.map(String.init) ?? "",
            c.noDelaySetting ?? "", c.mode.rawValue,
        ]
        fields += [String(m.messages), String(m.bytes), NumberFormat.fixed(m.seconds, 6)]
        fields += [NumberFormat.fixed(m.messagesPerSecond, 1), NumberFormat.fixed(m.megabytesPerSecond, 3), NumberFormat.fixed(m.roundTripsPerSecond, 1)]
        let percentiles: [Double?] = [rtt?.minimum, rtt?.mean, rtt?.p50, rtt?.p90, rtt?.p99, rtt?.p999, rtt?.maximum]
        fields += percentiles.map { NumberFormat.fixed($0, 3) }
        fields += [m.lost, m.reordered, m.duplicated].map { $0.map(String.init) ?? "" }
        fields += [m.status.rawValue, m.errorColumn ?? ""]
        fields += [c.id, String(m.repetition), String(c.pairs), c.cpu.description]
        let cost: [Double?] = [m.cpuMicrosecondsPerMessageSender, m.cpuMicrosecondsPerMessageReceiver, m.contextSwitchesPerMessage]
        fields += cost.map { NumberFormat.fixed($0, 4) }
        fields.append(m.kernelReceiveBufferDrops.map(String.init) ?? "")
        fields.append(String(c.batch ?? 1))
        fields.append((c.engine ?? .swift).rawValue)
        fields.append(String(c.replyBytes))
        fields.append(String(c.writes ?? 1))
        fields += [m.connectTime?.p50, m.connectTime?.p99].map { NumberFormat.fixed($0, 3) }
        let fairness = m.connectionRoundTrips
        fields += [c.connections, fairness?.minimum, fairness?.median, fairness?.maximum].map { $0.map(String.init) ?? "" }
        fields += pacedFields(m)
        fields += [c.idle?.rawValue ?? "", m.startedNanoseconds.map(String.init) ?? "", m.endedNanoseconds.map(String.init) ?? ""]
        fields.append(String(c.replyWrites ?? 1))
        fields += [c.splitWriteSetting ?? "", c.quickAckSetting ?? ""]
        let threads = m.threadRates
        fields += [c.threads.map(String.init) ?? "", m.placement ?? ""]
        fields += [threads?.minimum, threads?.median, threads?.maximum].map { NumberFormat.fixed($0, 1) }
        fields.append(c.ratePerSecond == nil ? "" : String(c.burst ?? 1))
        fields += [c.busyPollSetting ?? "", m.busyPollAccepted.map { $0 ? "yes" : "no" } ?? "", m.busyPollEffectiveMicroseconds.map(String.init) ?? ""]
        fields += [c.zeroCopySetting ?? "", NumberFormat.fixed(m.zeroCopyCopied, 3), c.keepAliveSetting ?? "", c.keepAlive?.description ?? "", m.keepAliveEffective?.description ?? ""]
        // size_bytes is then the largest size.
        fields.append(c.sizeDistribution?.spelling ?? "")
        fields.append(c.hosts ?? "")
        return CSV.line(fields)
    }


    /// Reads rows back (for resume, check, report and plot); `file` is the path errors name.
    /// Histograms are not in the CSV. Every row is written whole with its newline, so a last row
    /// without one was cut off (a crash mid-write, a damaged copy): an error naming its line, unless
    /// `droppingCutOffRow` (resume, which measures it again).
    public static func parse(_ text: String, file: String = "measurements.csv", droppingCutOffRow: Bool = false) throws(ReportError) -> [CellMeasurement] {
        if !droppingCutOffRow, let line = cutOffLine(text) {
            throw .malformed("\(file) line \(line) is cut off (the row has no end of line)")
        }
        let rows = CSV.parse(text, keepUnterminated: false)
        guard let header = rows.first else { return [] }
        // Runs written before a trailing column existed (batch, engine, reply_size_bytes) read with its
        // default. Fields are read by name, so the trailing columns may come in another order (runs
        // made while two of them were being added apart), each at most once.
        let oldest = columns.firstIndex(of: "batch")!
        let trailing = header.dropFirst(min(oldest, header.count))
        let known = header.count >= oldest && Array(header.prefix(oldest)) == Array(columns.prefix(oldest))
            && Set(trailing).count == trailing.count && Set(trailing).isSubset(of: columns) ? header : nil
        guard let known else {
            throw .malformed("\(file) header does not match this version of sockbench")
        }
        var result: [CellMeasurement] = []
        for (index, fields) in rows.dropFirst().enumerated() {
            guard fields.count == known.count else {
                throw .malformed("\(file) line \(index + 2) has \(fields.count) fields, expected \(known.count)")
            }
            var row: [String: String] = [:]
            for (name, value) in zip(known, fields) { row[name] = value }
            result.append(try measurement(from: row, file: file, line: index + 2))
        }
        return result
    }

    /// The line number (header = 1, counted in rows) of a last row that has no end of line; nil
    /// when the text ends with a whole row (or is empty).
    public static func cutOffLine(_ text: String) -> Int? {
        guard let last = text.last, last != "\n", last != "\r\n" else { return nil }
        return CSV.parse(text, keepUnterminated: true).count
    }

    private static func measurement(from row: [String: String], file: String, line: Int) throws(ReportError) -> CellMeasurement {
        func value(_ name: String) -> String { row[name] ?? "" }
        func int(_ name: String) -> Int? { Int(value(name)) }
        func double(_ name: String) -> Double? { Double(value(name)) }
        guard var cell = cell(from: row), let repetition = int("repetition"), let status = CellMeasurement.Status(rawValue: value("status")) else {
            throw .malformed("\(file) line \(line): a required field is missing or invalid")
        }
        if !value("size_dist").isEmpty {
            do throws(SizeDistributionError) { cell.sizeDistribution = try SizeDistribution(parsing: value("size_dist")) } catch {
                throw .malformed("\(file) line \(line): size_dist '\(value("size_dist"))' is not a distribution (\(error.reason))")
            }
        }
        var m = CellMeasurement(cell: cell, repetition: repetition)
        m.busyPollAccepted = value("busy_poll_accepted") == "yes" ? true : value("busy_poll_accepted") == "no" ? false : nil
        m.busyPollEffectiveMicroseconds = int("busy_poll_effective_us")
        m.zeroCopyCopied = double("zerocopy_copied")
        m.keepAliveEffective = KeepAlive(value("keepalive_effective"))
        m.startedNanoseconds = UInt64(value("started_ns"))
        m.endedNanoseconds = UInt64(value("ended_ns"))
        m.status = status
        if !value("error").isEmpty {
            // A good row's column holds its note; any other text stays as it was written.
            if status == .ok, let note = MeasurementNote(value("error")) { m.note = note } else { m.error = value("error") }
        }
        m.sendBufferEffective = int("sndbuf_effective")
        m.receiveBufferEffective = int("rcvbuf_effective")
        m.messages = int("messages") ?? 0
        m.bytes = int("bytes") ?? 0
        m.seconds = double("seconds") ?? 0
        m.messagesPerSecond = double("msg_per_s")
        m.megabytesPerSecond = double("mb_per_s")
        m.roundTripsPerSecond = double("rtt_per_s")
        if let p50 = double("rtt_p50_us") {
            m.roundTrip = RoundTripSummary(
                minimum: double("rtt_min_us") ?? p50, mean: double("rtt_mean_us") ?? p50, p50: p50,
                p90: double("rtt_p90_us") ?? p50, p99: double("rtt_p99_us") ?? p50,
                p999: double("rtt_p999_us") ?? p50, maximum: double("rtt_max_us") ?? p50
            )
        }
        m.lost = int("lost")
        m.reordered = int("reordered")
        m.duplicated = int("duplicated")
        m.cpuMicrosecondsPerMessageSender = double("cpu_us_per_msg_sender")
        m.cpuMicrosecondsPerMessageReceiver = double("cpu_us_per_msg_receiver")
        m.contextSwitchesPerMessage = double("ctx_switches_per_msg")
        m.kernelReceiveBufferDrops = int("udp_kernel_rcvbuf_drops")
        if let low = int("conn_rtt_count_min"), let median = int("conn_rtt_count_median"), let high = int("conn_rtt_count_max") {
            m.connectionRoundTrips = ConnectionFairness(minimum: low, median: median, maximum: high)
        }
        if let low = double("thread_msg_per_s_min"), let median = double("thread_msg_per_s_median"), let high = double("thread_msg_per_s_max") {
            m.threadRates = ThreadFairness(minimum: low, median: median, maximum: high)
        }
        if !value("placement").isEmpty { m.placement = value("placement") }
        if let p50 = double("connect_p50_us") {
            let p99 = double("connect_p99_us") ?? p50
            m.connectTime = RoundTripSummary(minimum: p50, mean: p50, p50: p50, p90: p50, p99: p99, p999: p99, maximum: p99)
        }
        readPaced(into: &m, double: double)
        return m
    }

    /// The cell a row measured, its axes as the columns spell them; nil when a required axis is missing or invalid.
    private static func cell(from row: [String: String]) -> Cell? {
        func value(_ name: String) -> String { row[name] ?? "" }
        func int(_ name: String) -> Int? { Int(value(name)) }
        guard let transport = Transport(rawValue: value("transport")),
              let pattern = Pattern(rawValue: value("pattern")),
              let size = int("size_bytes"),
              let mode = IOMode(rawValue: value("mode")),
              let cpu = CPUPlacement(value("cpu")),
              let pairs = int("pairs")
        else { return nil }
        let noDelay: Bool? = value("nodelay") == "on" ? true : value("nodelay") == "off" ? false : nil
        var cell = Cell(
            transport: transport, pattern: pattern, sizeBytes: size,
            sendBufferBytes: int("sndbuf_requested"), receiveBufferBytes: int("rcvbuf_requested"),
            noDelay: noDelay, mode: mode, cpu: cpu, pairs: pairs, batch: int("batch"),
            replySizeBytes: int("reply_size_bytes"), writes: int("writes"), replyWrites: int("reply_writes"), connections: int("connections"),
            ratePerSecond: int("rate_offered"),
            engine: Engine(rawValue: value("engine"))
        )
        cell.idle = IdleStates(rawValue: value("idle"))
        // `plain` is the default, which ids and cells spell as nil.
        cell.splitWrite = SplitStyle(rawValue: value("split_write")).flatMap { $0 == .plain ? nil : $0 }
        cell.quickAck = value("quickack") == "on" ? true : nil
        cell.threads = int("threads")
        cell.burst = int("burst").flatMap { $0 > 1 ? $0 : nil }
        cell.busyPollMicroseconds = int("busy_poll_us")
        cell.zeroCopy = value("zerocopy") == "on" ? true : nil
        // The cell's timers are what was asked; the effective column what the socket held.
        cell.keepAlive = value("keepalive") == "on" ? KeepAlive(value("keepalive_requested")) ?? KeepAlive() : nil
        // Without it, a run across hosts read back matched none of its own cells (report, check, resume).
        cell.hosts = value("hosts").isEmpty ? nil : value("hosts")
        return cell
    }
}

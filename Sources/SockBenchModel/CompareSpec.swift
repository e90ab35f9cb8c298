import SockBenchCore

/// `--compare AXIS=A,B`: the two values of one axis measured back to back in every combination of
/// the other axes, so each slot yields a ratio B/A free of the machine's drift.
public struct CompareSpec: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The axes that can be compared (a pattern changes what is measured, so it cannot).
    public enum Axis: String, Codable, Sendable, CaseIterable {
        case transport, size, sndbuf, rcvbuf, nodelay, mode, cpu, pairs, batch, idle
    }

    public var axis: Axis
    /// The two values, spelled as `value(of:)` spells them.
    public var a: String
    public var b: String
    /// The metrics compared (`--metric`); nil: chosen per cell from its pattern (`defaultMetrics`).
    public var metrics: [Metric]? = nil

    public init(axis: Axis, a: String, b: String, metrics: [Metric]? = nil) {
        self.axis = axis
        self.a = a
        self.b = b
        self.metrics = metrics
    }

    /// What answers the question a pattern asks, first the metric the reading leads with:
    /// request/response latency for ping-pong and rr (whose msg/s the schedule fixes), one-way
    /// latency for a paced stream, msg/s for an unpaced stream, transactions/s for connect.
    public static func defaultMetrics(for cell: Cell) -> [Metric] {
        switch cell.pattern {
        case .pingpong: [.roundTripP50, .roundTripP99, .messagesPerSecond]
        case .rr: [.roundTripP50, .roundTripP99]
        case .stream: cell.ratePerSecond == nil ? [.messagesPerSecond] : [.oneWayP50, .oneWayP99, .messagesPerSecond]
        case .connect: [.messagesPerSecond, .connectP50]
        }
    }

    /// The metrics compared for `cell`.
    public func metrics(for cell: Cell) -> [Metric] { metrics ?? Self.defaultMetrics(for: cell) }

    public var description: String { "\(axis.rawValue)=\(a),\(b)" }

    /// The cell's value on the compared axis.
    public func value(of cell: Cell) -> String {
        switch axis {
        case .transport: cell.transport.rawValue
        case .size: String(cell.sizeBytes)
        case .sndbuf: cell.sendBufferBytes.map(String.init) ?? "default"
        case .rcvbuf: cell.receiveBufferBytes.map(String.init) ?? "default"
        case .nodelay: cell.noDelaySetting ?? Cell.notApplicable
        case .mode: cell.mode.rawValue
        case .cpu: cell.cpu.description
        case .pairs: String(cell.pairs)
        case .batch: String(cell.batch ?? 1)
        case .idle: cell.idle?.rawValue ?? "run"
        }
    }

    /// Everything but the compared axis. Comparing transports also sets TCP_NODELAY aside, since
    /// it exists on one side only: one AF_UNIX cell then pairs with TCP's on and off cells.
    public func key(of cell: Cell) -> Cell {
        var key = cell
        switch axis {
        case .transport:
            key.transport = .unix
            key.noDelay = nil
        case .size: key.sizeBytes = 0
        case .sndbuf: key.sendBufferBytes = nil
        case .rcvbuf: key.receiveBufferBytes = nil
        case .nodelay: key.noDelay = nil
        case .mode: key.mode = .blocking
        case .cpu: key.cpu = .none
        case .pairs: key.pairs = 0
        case .batch: key.batch = nil
        case .idle: key.idle = nil
        }
        return key
    }

    /// One group per combination of the other axes, its A cell first, then its B cells; a
    /// combination that lacks either side (a skipped cell) is left out.
    public func groups(_ cells: [Cell]) -> [[Cell]] {
        var order: [Cell] = []
        var members: [Cell: [Cell]] = [:]
        for cell in cells {
            let key = key(of: cell)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(cell)
        }
        return order.compactMap { key in
            let group = members[key]!
            let a = group.filter { value(of: $0) == self.a }, b = group.filter { value(of: $0) == self.b }
            guard a.count == 1, !b.isEmpty else { return nil }
            return a + b
        }
    }
}

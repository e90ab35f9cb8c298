import SockBenchCore
import SockBenchModel

/// The axes a set of cells differ in, as table columns: a table shows every axis that varies and
/// only those, so two rows never look identical and no column repeats one value down the page.
public struct VaryingAxes: Sendable {
    /// One axis: its column title and how a cell spells its value.
    public struct Axis: Sendable {
        public var title: String
        public var value: @Sendable (Cell) -> String
    }

    public let axes: [Axis]

    /// Every axis a cell has, in the order of `run --help`.
    public static let all: [Axis] = [
        Axis(title: "transport") { $0.transport.rawValue },
        Axis(title: "pattern") { $0.pattern.rawValue },
        // A --size-dist cell shows its distribution (`64B..4KiB`), and echoes it as its reply.
        Axis(title: "size") { $0.sizeLabel },
        Axis(title: "reply") {
            $0.pattern == .pingpong || $0.pattern == .rr ? $0.sizeDistribution?.spelling ?? Quantities.formatBytes($0.replyBytes) : Cell.notApplicable
        },
        Axis(title: "sndbuf") { $0.sendBufferBytes.map(Quantities.formatBytes) ?? "default" },
        Axis(title: "rcvbuf") { $0.receiveBufferBytes.map(Quantities.formatBytes) ?? "default" },
        Axis(title: "nodelay") { $0.noDelaySetting ?? Cell.notApplicable },
        Axis(title: "mode") { $0.mode.rawValue },
        Axis(title: "cpu") { $0.cpu.description },
        Axis(title: "pairs") { String($0.pairs) },
        Axis(title: "batch") { String($0.batch ?? 1) },
        Axis(title: "writes") { String($0.writes ?? 1) },
        Axis(title: "reply-writes") { $0.pattern == .stream ? Cell.notApplicable : String($0.replyWrites ?? 1) },
        Axis(title: "split-write") { $0.splitWriteSetting ?? Cell.notApplicable },
        Axis(title: "quickack") { $0.quickAckSetting ?? Cell.notApplicable },
        Axis(title: "busy-poll-us") { $0.busyPollSetting ?? Cell.notApplicable },
        Axis(title: "zerocopy") { $0.zeroCopySetting ?? Cell.notApplicable },
        Axis(title: "keepalive") { $0.keepAliveSetting ?? Cell.notApplicable },
        Axis(title: "conns") { $0.connections.map(String.init) ?? Cell.notApplicable },
        Axis(title: "threads") { $0.threads.map(String.init) ?? Cell.notApplicable },
        Axis(title: "burst") { $0.ratePerSecond == nil ? Cell.notApplicable : String($0.burst ?? 1) },
        Axis(title: "engine") { ($0.engine ?? .swift).rawValue },
        Axis(title: "idle") { $0.idle?.rawValue ?? "run" },
    ]

    /// The axes whose value differs between `cells`; `keep` names axes shown even when constant
    /// (one cell alone still says its transport).
    public init(_ cells: [Cell], keep: Set<String> = ["transport"]) {
        axes = Self.all.filter { axis in
            keep.contains(axis.title) || Set(cells.map(axis.value)).count > 1
        }
    }

    public var titles: [String] { axes.map(\.title) }

    public func values(_ cell: Cell) -> [String] { axes.map { $0.value(cell) } }

    /// The axes every cell shares, `title=value`, for a line under the table.
    public static func common(_ cells: [Cell], except shown: [String]) -> [String] {
        guard let first = cells.first else { return [] }
        return all.filter { !shown.contains($0.title) && Set(cells.map($0.value)).count == 1 }.map { "\($0.title)=\($0.value(first))" }
    }
}

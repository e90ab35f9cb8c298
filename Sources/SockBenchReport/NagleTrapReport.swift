import Foundation
import SockBenchCore
import SockBenchModel

/// The REPORT.md section that shows why TCP_NODELAY matters for request/response: tcp ping-pong
/// round-trip p50 with Nagle on and off, each round trip written whole, with the request split in
/// two, and with the request and the reply split.
public enum NagleTrapReport {
    /// The ways a round trip is written, as (request writes, reply writes): whole, a client that
    /// splits its request (one delayed ACK per round trip), and both sides split (two).
    public static let shapes = [(1, 1), (2, 1), (2, 2)]

    /// The ten cells: TCP_NODELAY on/off × `shapes`, tcp ping-pong 64 B, then the cures that keep
    /// Nagle on (`cures`).
    public static let cells: [Cell] = [true, false].flatMap { noDelay in
        shapes.map { writes, replyWrites in
            Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: noDelay, writes: writes, replyWrites: replyWrites)
        }
    } + cures

    /// Nagle on, both sides split, each way of handing the pieces over; and the client split with
    /// the server acknowledging at once.
    static var cures: [Cell] {
        var cells = [SplitStyle.more, .cork, .writev].map { style in
            var cell = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: false, writes: 2, replyWrites: 2)
            cell.splitWrite = style
            return cell
        }
        var quick = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: false, writes: 2, replyWrites: 1)
        quick.quickAck = true
        cells.append(quick)
        return cells
    }

    public static func markdown(_ measurements: [CellMeasurement], roundTrips: Int) -> String {
        var md = """

            ## Why TCP_NODELAY matters for request/response

            With one write per message Nagle has nothing to hold back, so the ping-pong conditions above show no effect of TCP_NODELAY. \
            Requests are often written in two pieces (a header, then the body): with Nagle on, the kernel holds the body until the \
            header is acknowledged, and the peer delays that ACK (40 ms minimum on Linux), once per split side of the round trip. \
            tcp ping-pong, 64 B, \(roundTrips) round trips per cell:

            The last rows keep Nagle on and cure the split instead: the header sent with MSG_MORE, TCP_CORK around the two sends, \
            one writev of both pieces (`--split-write`), or the receiver acknowledging at once (`--quickack on`, TCP_QUICKACK after every receive).

            | TCP_NODELAY | request writes | reply writes | split write | quick ACK | round-trip p50 µs | p99 µs | status |
            |---|---:|---:|---|---|---:|---:|---|

            """
        for m in measurements {
            let p50 = m.roundTrip.map { String(format: "%.1f", $0.p50) } ?? "–"
            let p99 = m.roundTrip.map { String(format: "%.1f", $0.p99) } ?? "–"
            let writes = "\(m.cell.writes ?? 1) | \(m.cell.replyWrites ?? 1)"
            let cure = "\(m.cell.splitWriteSetting ?? "–") | \(m.cell.quickAckSetting ?? "–")"
            md += "| \(m.cell.noDelaySetting ?? Cell.notApplicable) | \(writes) | \(cure) | \(p50) | \(p99) | \(m.status == .ok ? "ok" : m.error ?? "failed") |\n"
        }
        md += "\nMeasure it yourself: `sockbench run --transport tcp --pattern pingpong --writes 1,2 --reply-writes 1,2 --nodelay on,off` (or `--preset nagle`); "
        md += "the cures: `sockbench run --transport tcp --pattern pingpong --nodelay off --writes 2 --reply-writes 2 --split-write plain,more,cork,writev`.\n"
        return md
    }
}

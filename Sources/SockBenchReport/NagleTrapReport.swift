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

    /// The six cells: TCP_NODELAY on/off × `shapes`, tcp ping-pong 64 B.
    public static let cells: [Cell] = [true, false].flatMap { noDelay in
        shapes.map { writes, replyWrites in
            Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: noDelay, writes: writes, replyWrites: replyWrites)
        }
    }

    public static func markdown(_ measurements: [CellMeasurement], roundTrips: Int) -> String {
        var md = """

            ## Why TCP_NODELAY matters for request/response

            With one write per message Nagle has nothing to hold back, so the ping-pong conditions above show no effect of TCP_NODELAY. \
            Requests are often written in two pieces (a header, then the body): with Nagle on, the kernel holds the body until the \
            header is acknowledged, and the peer delays that ACK (40 ms minimum on Linux), once per split side of the round trip. \
            tcp ping-pong, 64 B, \(roundTrips) round trips per cell:

            | TCP_NODELAY | request writes | reply writes | round-trip p50 µs | p99 µs | status |
            |---|---:|---:|---:|---:|---|

            """
        for m in measurements {
            let p50 = m.roundTrip.map { String(format: "%.1f", $0.p50) } ?? "–"
            let p99 = m.roundTrip.map { String(format: "%.1f", $0.p99) } ?? "–"
            let writes = "\(m.cell.writes ?? 1) | \(m.cell.replyWrites ?? 1)"
            md += "| \(m.cell.noDelaySetting ?? Cell.notApplicable) | \(writes) | \(p50) | \(p99) | \(m.status == .ok ? "ok" : m.error ?? "failed") |\n"
        }
        md += "\nMeasure it yourself: `sockbench run --transport tcp --pattern pingpong --writes 1,2 --reply-writes 1,2 --nodelay on,off` (or `--preset nagle`).\n"
        return md
    }
}

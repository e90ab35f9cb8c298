import Foundation
import SockBenchCore
import SockBenchModel

/// The REPORT.md section that shows why TCP_NODELAY matters for request/response: tcp ping-pong
/// round-trip p50 with Nagle on and off, each message written whole and split in two.
public enum NagleTrapReport {
    /// The four cells: TCP_NODELAY on/off × one write/two writes per message, tcp ping-pong 64 B.
    public static let cells: [Cell] = [true, false].flatMap { noDelay in
        [1, 2].map { writes in Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: noDelay, writes: writes) }
    }

    public static func markdown(_ measurements: [CellMeasurement], roundTrips: Int) -> String {
        var md = "\n## Why TCP_NODELAY matters for request/response\n\n"
        md += "With one write per message Nagle has nothing to hold back, so the ping-pong conditions above show no effect of TCP_NODELAY. "
        md += "Requests are often written in two pieces (a header, then the body): with Nagle on, the kernel holds the body until the "
        md += "header is acknowledged, and the peer delays that ACK (40 ms minimum on Linux). tcp ping-pong, 64 B, \(roundTrips) round trips per cell:\n\n"
        md += "| TCP_NODELAY | writes per message | round-trip p50 µs | p99 µs | status |\n|---|---:|---:|---:|---|\n"
        for m in measurements {
            let p50 = m.roundTrip.map { String(format: "%.1f", $0.p50) } ?? "–"
            let p99 = m.roundTrip.map { String(format: "%.1f", $0.p99) } ?? "–"
            md += "| \(m.cell.noDelaySetting ?? Cell.notApplicable) | \(m.cell.writes ?? 1) | \(p50) | \(p99) | \(m.status == .ok ? "ok" : m.error ?? "failed") |\n"
        }
        md += "\nMeasure it yourself: `sockbench run --transport tcp --pattern pingpong --writes 1,2 --nodelay on,off` (or `--preset nagle`).\n"
        return md
    }
}

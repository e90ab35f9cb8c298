import SockBenchCore
import SockBenchModel

extension Aggregation {
    /// What the kernel granted of the cell's knobs: SO_BUSY_POLL on every receiving socket (refused
    /// by one, refused), the zero-copy sends it copied anyway as a share of all completed, and the
    /// client's keepalive timers.
    static func addKnobs(_ m: inout CellMeasurement, reports: [(client: WorkerResult, server: WorkerResult)]) {
        if m.cell.busyPollMicroseconds != nil {
            let receivers = reports.flatMap { m.cell.pattern == .stream ? [$0.server] : [$0.client, $0.server] }
            m.busyPollAccepted = receivers.allSatisfy { $0.knobs.busyPollRefusal == nil }
            m.busyPollEffectiveMicroseconds = reports.first?.server.knobs.busyPollEffectiveMicroseconds
        }
        if m.cell.zeroCopy == true {
            let completed = reports.reduce(0) { $0 + ($1.client.knobs.zeroCopyCompletions ?? 0) }
            let copied = reports.reduce(0) { $0 + ($1.client.knobs.zeroCopyCopied ?? 0) }
            m.zeroCopyCopied = completed > 0 ? Double(copied) / Double(completed) : nil
        }
        if m.cell.keepAlive != nil { m.keepAliveEffective = reports.first?.client.knobs.keepAliveEffective }
    }
}

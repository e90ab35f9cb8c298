import SockBenchCore
import SockBenchModel

/// Adds the C reference loops as controls to a run: every cell they can run (one message per
/// call, no payload check) gets its C twin measured back to back with it in every slot.
enum ControlCells {
    static func add(to cells: [Cell]) -> (cells: [Cell], groups: [[Cell]]) {
        let controllable = cells.filter(isControllable)
        return (cells + controllable.map { $0.with(engine: .c) }, controllable.map { [$0, $0.with(engine: .c)] })
    }

    /// Whether the C loops run this cell: ping-pong or an unpaced stream, one message per call and
    /// per write, a plain echo of one fixed size, one connection per pair.
    static func isControllable(_ cell: Cell) -> Bool {
        cell.engine == nil && (cell.pattern == .pingpong || cell.pattern == .stream) && cell.batch == nil
            && cell.replySizeBytes == nil && cell.writes == nil && cell.replyWrites == nil && cell.quickAck == nil && cell.busyPollMicroseconds == nil && cell.zeroCopy == nil
            && cell.keepAlive == nil && cell.connections == nil && cell.ratePerSecond == nil && cell.sizeDistribution == nil
    }
}

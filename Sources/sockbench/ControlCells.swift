import SockBenchCore
import SockBenchModel

/// Adds the C reference loops as controls to a run: every cell they can run (one message per
/// call, no payload check) gets its C twin measured back to back with it in every slot.
enum ControlCells {
    static func add(to request: inout RunRequest) {
        let cells = request.explicitCells ?? Matrix.expand(request.axes).cells
        let controllable = cells.filter { $0.engine == nil && $0.batch == nil }
        request.explicitCells = cells + controllable.map { $0.with(engine: .c) }
        request.groups = controllable.map { [$0, $0.with(engine: .c)] }
    }
}

import SockBenchCore
import SockBenchModel
import SockBenchRunner

/// `--threads` before a run: where each cell's threads will run (for `--dry-run`) and the warnings
/// of cells whose threads outnumber the usable cores (measured anyway).
public enum ThreadLayout {
    /// The placement of a `--threads` cell, as the coordinator will make it; nil for other cells.
    public static func placement(_ cell: Cell, settings: MeasurementSettings, usable: [Int] = Sys.usableCPUs()) -> ThreadPlacement? {
        guard cell.threads != nil, let connections = cell.connections else { return nil }
        let processes = Coordinator.clientProcesses(connections: connections, threaded: true, settings: settings)
        return ThreadPlacement(cell: cell, clientProcesses: processes, usable: usable)
    }

    /// One warning per cell whose threads outnumber the usable cores.
    public static func warnings(_ cells: [Cell], settings: MeasurementSettings, usable: [Int] = Sys.usableCPUs()) -> [String] {
        cells.compactMap { cell in
            guard cell.threads != nil, let connections = cell.connections else { return nil }
            let processes = Coordinator.clientProcesses(connections: connections, threaded: true, settings: settings)
            return ThreadPlacement.warning(cell: cell, clientProcesses: processes, usable: usable)
        }
    }
}

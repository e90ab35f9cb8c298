import SockBenchCore

/// `--threads`: the rule-table rows of threads per worker process. Threads split the connections of
/// a `--connections` cell; elsewhere the axis is refused (no `--connections` at all) or skipped
/// with its reason. A thread count beyond the usable cores is measured, with a warning
/// (`ThreadPlacement.warning`), never refused: that is what a small machine can show.
extension Matrix {
    /// The accepted `--threads` values.
    public static let threadRange = 1...1024

    /// Why `--threads` cannot be measured as given, whatever the other values: it splits the
    /// connections of `--connections` cells and there are none.
    static func unsupportedThreadAxes(_ axes: MatrixAxes) -> String? {
        guard let threads = axes.threads, threads != [1], axes.connections == nil else { return nil }
        return "--threads \(threads.map(String.init).joined(separator: ",")) applies to --connections cells (the threads of the epoll server and of its clients share the connections); add --connections N"
    }

    /// Why `threads` threads per worker cannot serve this cell, or nil when they can. The matrix
    /// skips such cells and a worker refuses such a job.
    public static func unsupported(_ transport: Transport, threads: Int, connections: Int, engine: Engine?) -> String? {
        guard threads > 1 else { return nil }
        if transport == .unixDgram {
            return "unix-dgram has neither connections to hand out nor SO_REUSEPORT: its one server socket cannot be split over threads (measure unix or udp)"
        }
        if threads > connections {
            return "\(threads) threads for \(connections) connections would leave a thread without a connection; use --connections \(threads) or more"
        }
        return nil
    }

    /// Multiplies the `--connections` cells by the thread axis.
    static func applyThreads(
        _ threads: [Int]?, to cells: [Cell], usableCPUs: Int
    ) -> (cells: [Cell], skipped: [SkippedCombination], notes: Set<String>) {
        guard let threads else { return (cells, [], []) }
        var result: [Cell] = []
        var skipped: [SkippedCombination] = []
        var notes: Set<String> = []
        for cell in cells {
            guard let connections = cell.connections else {
                notes.insert("--threads applies to --connections cells: \(cell.transport.rawValue) \(cell.pattern.rawValue) measured once, with one thread")
                if !result.contains(cell) { result.append(cell) }
                continue
            }
            for count in threads {
                if let reason = unsupported(cell.transport, threads: count, connections: connections, engine: cell.engine) {
                    let entry = SkippedCombination(combination: "\(cell.transport.rawValue) \(cell.pattern.rawValue) connections=\(connections) threads=\(count)", reason: reason)
                    if !skipped.contains(entry) { skipped.append(entry) }
                    continue
                }
                var threaded = cell
                threaded.threads = count
                if !result.contains(threaded) { result.append(threaded) }
            }
        }
        return (result, skipped, notes)
    }
}

import SockBenchCore

/// `--burst`: the rule-table row of traffic shapes in time. A burst is a paced sender's N messages
/// sent back to back at one slot of the schedule (the offered rate unchanged), so it applies to
/// cells with a rate (paced stream, rr); elsewhere the axis collapses to one cell with a note.
extension Matrix {
    /// The accepted `--burst` values.
    public static let burstRange = 1...65_536

    static func applyBursts(_ bursts: [Int]?, to cells: [Cell]) -> (cells: [Cell], notes: Set<String>) {
        guard let bursts, bursts != [1] else { return (cells, []) }
        var result: [Cell] = []
        var notes: Set<String> = []
        for cell in cells {
            for burst in bursts {
                var shaped = cell
                if burst > 1 {
                    guard cell.ratePerSecond != nil else {
                        notes.insert("--burst applies to paced cells (--rate with stream or rr): \(cell.transport.rawValue) \(cell.pattern.rawValue) unpaced measured once, evenly")
                        if !result.contains(cell) { result.append(cell) }
                        continue
                    }
                    shaped.burst = burst
                }
                if !result.contains(shaped) { result.append(shaped) }
            }
        }
        return (result, notes)
    }
}

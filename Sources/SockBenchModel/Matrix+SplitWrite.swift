import SockBenchCore

/// `--split-write` and `--quickack`: the cures for the Nagle trap, applied to the cells the other
/// axes made. A split style applies where a ping-pong message is split (`--writes 2` or
/// `--reply-writes 2`), quick ACKs to TCP ping-pong; elsewhere the axis collapses to one cell and a
/// note says so, and a style the transport has no such thing for is skipped with the reason.
extension Matrix {
    static func applySplitWrites(
        _ styles: [SplitStyle]?, quickAck: [Bool]?, to cells: [Cell]
    ) -> (cells: [Cell], skipped: [SkippedCombination], notes: [String]) {
        var result: [Cell] = []
        var skipped: [SkippedCombination] = []
        var notes: Set<String> = []
        for cell in cells {
            for style in styles ?? [.plain] {
                for quick in quickAck ?? [false] {
                    var shaped = cell
                    if style != .plain {
                        guard cell.splitsAMessage, cell.pattern == .pingpong else {
                            notes.insert("--split-write applies to split ping-pong messages (--writes 2 or --reply-writes 2): \(cell.transport.rawValue) \(cell.pattern.rawValue) without a split measured once")
                            shaped.splitWrite = nil
                            append(shaped, to: &result)
                            continue
                        }
                        if let reason = unsupported(cell.transport, splitWrite: style) {
                            let entry = SkippedCombination(combination: "\(cell.transport.rawValue) \(cell.pattern.rawValue) split-write=\(style.rawValue)", reason: reason)
                            if !skipped.contains(entry) { skipped.append(entry) }
                            continue
                        }
                        shaped.splitWrite = style
                    }
                    if quick {
                        guard cell.transport.isTCP, cell.pattern == .pingpong else {
                            notes.insert("--quickack applies to TCP ping-pong: \(cell.transport.rawValue) \(cell.pattern.rawValue) measured once, without it")
                            append(shaped, to: &result)
                            continue
                        }
                        shaped.quickAck = true
                    }
                    append(shaped, to: &result)
                }
            }
        }
        return (result, skipped, notes.sorted())
    }

    private static func append(_ cell: Cell, to cells: inout [Cell]) {
        if !cells.contains(cell) { cells.append(cell) }
    }

    /// Why `transport` cannot send a split message the way `style` says, or nil when it can. The
    /// matrix skips such cells and a worker refuses such a job.
    public static func unsupported(_ transport: Transport, splitWrite style: SplitStyle) -> String? {
        switch style {
        case .plain, .writev: nil
        case .more: transport.isTCP ? nil : "MSG_MORE holds a partial message back only in TCP; on \(transport.rawValue) it changes nothing (use writev)"
        case .cork: transport.isTCP ? nil : "TCP_CORK is a TCP option; \(transport.rawValue) has no such setting (use writev)"
        }
    }

    /// Why `--quickack on` cannot apply to this transport and pattern, or nil when it can.
    public static func unsupportedQuickAck(_ transport: Transport, _ pattern: Pattern) -> String? {
        if !transport.isTCP { return "TCP_QUICKACK is a TCP option; \(transport.rawValue) sends no ACKs" }
        if pattern != .pingpong { return "--quickack is measured for ping-pong, where the delayed ACK meets a split message" }
        return nil
    }
}

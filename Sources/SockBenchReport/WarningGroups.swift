import Foundation

/// A run's warnings grouped by kind: the same message about many cells is one kind, said once with
/// its count, instead of sixty lines that each repeat a full cell id.
struct WarningGroups {
    struct Kind {
        /// The message with its cell and its numbers taken out: "msg/s varies by CV …% across … repetitions".
        var kind: String
        /// Each warning of the kind, its cell id shortened to the axes that vary.
        var messages: [String]
    }

    var kinds: [Kind]

    init(_ warnings: [String]) {
        let split = warnings.map(Self.split)
        let ids = ShortCellIDs(split.compactMap(\.cell))
        var order: [String] = []
        var members: [String: [String]] = [:]
        for (cell, message) in split {
            let kind = Self.mask(message)
            if members[kind] == nil { order.append(kind) }
            members[kind, default: []].append(cell.map { "\(ids[id: $0]): \(message)" } ?? message)
        }
        kinds = order.map { Kind(kind: $0, messages: members[$0]!) }
    }

    /// "unix/pingpong/64B/…: msg/s varies …" → (the cell id, the message); a warning that names no
    /// cell (its text before ": " is not a cell id) keeps its whole text.
    static func split(_ warning: String) -> (cell: String?, message: String) {
        guard let colon = warning.range(of: ": ") else { return (nil, warning) }
        let head = String(warning[..<colon.lowerBound])
        guard head.contains("/"), !head.contains(" ") else { return (nil, warning) }
        return (head, String(warning[colon.upperBound...]))
    }

    /// Numbers replaced by "…", so warnings that differ only in their figures are one kind.
    static func mask(_ message: String) -> String {
        message.replacingOccurrences(of: #"[-+]?\d[\d.,]*"#, with: "…", options: .regularExpression)
    }
}

/// Cell ids cut down to the axes that vary between the cells of one table: "unix/stream" and
/// "tcp/pingpong" instead of two 80-character ids that differ in two places. The axes every cell
/// shares are said once, in `common`.
///
/// An id's parts are matched by axis, not by position: the optional parts (`batch=`, `writes=`,
/// `rate=`, …) appear only in the cells that set them, so a cell without `writes=2` shows
/// `writes=default` beside one with it, never an empty label.
public struct ShortCellIDs: Sendable {
    /// The `/`-separated parts of the id every cell shares, such as "64B/snd=default/…/pairs=1".
    public let common: String
    private let shortByID: [String: String]

    public init(_ ids: [String]) {
        let parsed = ids.map(Self.parts)
        var keys: [String] = []
        // Every axis once, in the ids' own order: a part one id lacks goes in after the part that
        // precedes it in the id that has it.
        for parts in parsed {
            var previous: Int? = nil
            for (key, _) in parts {
                if let index = keys.firstIndex(of: key) { previous = index; continue }
                let index = previous.map { $0 + 1 } ?? 0
                keys.insert(key, at: index)
                previous = index
            }
        }
        func value(_ parts: [(key: String, text: String)], _ key: String) -> String? { parts.first { $0.key == key }?.text }
        let varying = keys.filter { key in Set(parsed.map { value($0, key) ?? "" }).count > 1 }
        // One cell (or identical ids): keep transport, pattern and size, the parts a reader looks for.
        let shown = varying.isEmpty ? Array(keys.prefix(3)) : varying
        common = (parsed.first ?? []).filter { !shown.contains($0.key) }.map(\.text).joined(separator: "/")
        var shortByID: [String: String] = [:]
        for (id, parts) in zip(ids, parsed) {
            shortByID[id] = shown.map { key in value(parts, key) ?? "\(key)=default" }.joined(separator: "/")
        }
        self.shortByID = shortByID
    }

    /// `key=value` parts keyed by their name; the bare positional parts (transport, pattern, size,
    /// mode) by their place among the bare ones.
    static func parts(_ id: String) -> [(key: String, text: String)] {
        var bare = 0
        return id.split(separator: "/", omittingEmptySubsequences: false).map(String.init).map { text in
            if let equals = text.firstIndex(of: "=") { return (String(text[..<equals]), text) }
            defer { bare += 1 }
            return ("#\(bare)", text)
        }
    }

    /// The short form of an id given to `init`; any other id is returned whole.
    public subscript(id id: String) -> String { shortByID[id] ?? id }
}

/// Cell ids cut down to the axes that vary between the cells of one table: "unix/stream" and
/// "tcp/pingpong" instead of two 80-character ids that differ in two places. The axes every cell
/// shares are said once, in `common`.
public struct ShortCellIDs: Sendable {
    /// The `/`-separated parts of the id every cell shares, such as "64B/snd=default/…/pairs=1".
    public let common: String
    private let shortByID: [String: String]

    public init(_ ids: [String]) {
        let parts = ids.map { $0.split(separator: "/", omittingEmptySubsequences: false).map(String.init) }
        let width = parts.map(\.count).max() ?? 0
        func part(_ p: [String], _ index: Int) -> String { index < p.count ? p[index] : "" }
        let varying = (0..<width).filter { index in Set(parts.map { part($0, index) }).count > 1 }
        // One cell (or identical ids): keep transport, pattern and size, the parts a reader looks for.
        let shown = Set(varying.isEmpty ? Array(0..<min(3, width)) : varying)
        common = (parts.first ?? []).indices.filter { !shown.contains($0) }.map { parts[0][$0] }.joined(separator: "/")
        var shortByID: [String: String] = [:]
        for (id, p) in zip(ids, parts) {
            shortByID[id] = p.indices.filter { shown.contains($0) && !p[$0].isEmpty }.map { p[$0] }.joined(separator: "/")
        }
        self.shortByID = shortByID
    }

    /// The short form of an id given to `init`; any other id is returned whole.
    public subscript(id id: String) -> String { shortByID[id] ?? id }
}

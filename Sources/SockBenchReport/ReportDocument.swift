import Foundation
import SockBenchStore

/// REPORT.md of a run: its sections in reading order, written once, whole, by `write(into:)`.
public struct ReportDocument: Sendable {
    public static let fileName = "REPORT.md"

    public var sections: [ReportSection]

    public init(_ sections: [ReportSection]) {
        self.sections = sections
    }

    public var markdown: String { sections.map(\.markdown).joined() }

    /// Writes `directory/REPORT.md` (atomically) and returns its path.
    @discardableResult
    public func write(into directory: String) throws(ReportError) -> String {
        let path = "\(directory)/\(Self.fileName)"
        try FileOutput.writeAtomically(markdown, to: path)
        return path
    }
}

import Foundation

/// A CSV file of a run read back by the enum of its columns (`ClaimColumn`, `CompareColumn`...):
/// which of them the file has (older files lack later columns) and each row's fields by column.
public struct CSVTable<Column: RawRepresentable & CaseIterable & Hashable & Sendable>: Sendable where Column.RawValue == String {
    public struct Row: Sendable {
        var fields: [Column: String]

        /// The field, nil when the file has no such column.
        public subscript(_ column: Column) -> String? { fields[column] }

        /// The field as a number, when it is one.
        public func number(_ column: Column) -> Double? { fields[column].flatMap { Double($0) } }
    }

    public var columns: Set<Column>
    public var rows: [Row]

    public func has(_ column: Column) -> Bool { columns.contains(column) }

    /// The finite numbers of `column` over every row.
    public func numbers(_ column: Column) -> [Double] {
        rows.compactMap { $0.number(column) }.filter(\.isFinite)
    }

    /// Reads `path`; a header that lacks one of `required` is malformed (the file is not what its
    /// readers expect). Rows with the wrong number of fields (cut short) are passed over.
    public static func read(_ path: String, required: [Column]) throws(ReportError) -> CSVTable {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .notFound("cannot read \(path)")
        }
        return try parse(text, file: path, required: required)
    }

    /// The table of CSV `text`; `file` is the path errors name.
    public static func parse(_ text: String, file: String, required: [Column] = []) throws(ReportError) -> CSVTable {
        let records = CSV.parse(text)
        guard let header = records.first else { throw .malformed("\(file) is empty") }
        let missing = required.filter { !header.contains($0.rawValue) }
        guard missing.isEmpty else {
            throw .malformed("\(file) lacks the column(s) \(missing.map(\.rawValue).joined(separator: ", "))")
        }
        let known = header.map { Column(rawValue: $0) }
        let rows = records.dropFirst().filter { $0.count == header.count }.map { fields in
            var row: [Column: String] = [:]
            for (column, field) in zip(known, fields) where column != nil && row[column!] == nil { row[column!] = field }
            return Row(fields: row)
        }
        return CSVTable(columns: Set(known.compactMap { $0 }), rows: rows)
    }
}

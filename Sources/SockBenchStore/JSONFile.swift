import Foundation

/// The one reader of the JSON files sockbench keeps (run.json, baseline.json): a file that does not
/// decode becomes one `ReportError.malformed` line naming the file and the field in the user's terms
/// (`run.json: field 'axes.sizes[0]' must be a number`), never Swift's `DecodingError` wording.
public enum JSONFile {
    /// Decodes `data`, read from `path` (the path the message names).
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws(ReportError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            let problem = problem(error)
            throw .malformed(problem.hasPrefix("field") ? "\(path): \(problem)" : "\(path) \(problem)")
        }
    }

    /// What is wrong, as a phrase: "field 'cells[0].id' must be a string", "is not valid JSON".
    static func problem(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "cannot be read" }
        switch decoding {
        case .typeMismatch(let type, let context):
            return "\(field(context.codingPath)) must be \(kind(type))"
        case .valueNotFound(let type, let context):
            return "\(field(context.codingPath)) must be \(kind(type)), not null"
        case .keyNotFound(let key, let context):
            return "\(field(context.codingPath + [key])) is missing"
        case .dataCorrupted(let context):
            // An empty path is the document itself: not JSON at all.
            guard !context.codingPath.isEmpty else { return "is not valid JSON\(position(context))" }
            let text = context.debugDescription
            if text.contains("does not fit") { return "\(field(context.codingPath)) must be a whole number in range" }
            if text.hasPrefix("Cannot initialize") || text.hasPrefix("bad ") { return "\(field(context.codingPath)) has a value this sockbench does not know" }
            return "\(field(context.codingPath)) is invalid"
        @unknown default:
            return "cannot be read"
        }
    }

    /// `field 'cells[0].metrics.msg_per_s'`: array indices in brackets, keys joined by dots.
    static func field(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue, key.stringValue.hasPrefix("Index") || key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? "the document" : "field '\(text)'"
    }

    /// The JSON kind a Swift type is written as.
    static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Substring.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt64.Type, is UInt32.Type, is UInt.Type: "a whole number"
        case is Double.Type, is Float.Type: "a number"
        default: String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }

    /// " (line 3, column 7)" when Foundation's parser said where it stopped.
    static func position(_ context: DecodingError.Context) -> String {
        let underlying = context.underlyingError.map { "\($0)" } ?? ""
        guard let range = underlying.range(of: #"line \d+, column \d+"#, options: .regularExpression) else { return "" }
        return " (\(underlying[range]))"
    }
}

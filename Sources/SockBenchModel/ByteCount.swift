/// One positive byte count as the user typed it (`64`, `4K`, `64KiB`, `1M`), read by
/// `Quantities.byteCount`, for an option that takes a single size (an axis takes a list instead).
public struct ByteCount: Sendable, Hashable, CustomStringConvertible {
    public let bytes: Int
    public let text: String

    public init(parsing text: String) throws(QuantityError) {
        if text.contains(",") { throw QuantityError("give one size, not a list, such as 64 or 4K") }
        guard let bytes = Quantities.byteCount(text), bytes >= 1 else { throw QuantityError("use \(Quantities.byteCountForm)") }
        (self.bytes, self.text) = (bytes, text)
    }

    public var description: String { text }
}

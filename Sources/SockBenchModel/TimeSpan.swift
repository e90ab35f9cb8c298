/// A length of time as the user typed it (`500ms`, `2s`, `1.5s`, `1m`, or `0`), read by
/// `Quantities.duration`; `text` keeps the spelling for messages that quote it. Which spans an
/// option accepts (none of 0, at most an hour) is the option's rule, checked where it is applied.
public struct TimeSpan: Sendable, Hashable, CustomStringConvertible {
    public let nanoseconds: UInt64
    public let text: String

    /// Throws why `text` is not a duration: a bare number has no unit; anything else, the form.
    public init(parsing text: String) throws(QuantityError) {
        if let hint = Quantities.missingDurationUnit(text) { throw QuantityError(hint) }
        guard let nanoseconds = Quantities.duration(text) else { throw QuantityError("use \(Quantities.durationForm)") }
        (self.nanoseconds, self.text) = (nanoseconds, text)
    }

    public var description: String { text }
}

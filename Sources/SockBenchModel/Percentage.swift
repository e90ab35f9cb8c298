/// A percentage as the user typed it (`10%`, `2.5%`), read by `Quantities.percentage`: only the
/// percent form, so 0.1 is never misread. `text` keeps the spelling for messages that quote it.
public struct Percentage: Sendable, Hashable, CustomStringConvertible {
    /// 0.1 for 10%; at least 0.
    public let fraction: Double
    public let text: String

    public init(parsing text: String) throws(QuantityError) {
        guard let fraction = Quantities.percentage(text) else {
            throw QuantityError("use a percentage with its % sign, such as 10% or 2.5% (0.1 alone could mean 10% or 0.1%)")
        }
        (self.fraction, self.text) = (fraction, text)
    }

    public var description: String { text }
}

import ArgumentParser
import SockBenchModel

/// A quantity users type (a duration, a percentage, one size) as an option's value. Its model type
/// reads the text, the one place the form is defined; a value it refuses fails at parse time (64)
/// with the model's reason after the option's name, which `init?(argument:)` alone cannot carry.
public protocol QuantityArgument: ExpressibleByArgument, Sendable {
    init(parsing text: String) throws(QuantityError)
}

extension QuantityArgument {
    public init?(argument: String) { try? self.init(parsing: argument) }
}

extension TimeSpan: QuantityArgument {}
extension Percentage: QuantityArgument {}
extension ByteCount: QuantityArgument {}

extension Option {
    /// An option holding a quantity, nil when not given; a bad value is refused with its reason.
    init<Quantity: QuantityArgument>(quantity help: ArgumentHelp) where Value == Quantity? {
        self.init(help: help, transform: { text in try Quantity(parsing: text) })
    }
}

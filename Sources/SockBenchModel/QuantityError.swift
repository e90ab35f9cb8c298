/// Why a typed quantity (`TimeSpan`, `Percentage`, `ByteCount`) is not one, and the accepted form:
/// the part of an error line after the option or field that held it.
public struct QuantityError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

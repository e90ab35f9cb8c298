/// What a reader of a good row (status ok) should know about it. measurements.csv keeps it, as its
/// text, in the error column, which on a failed row holds the failure.
public enum MeasurementNote: Codable, Sendable, Hashable, CustomStringConvertible {
    /// A paced sender could not keep the offered rate: the row holds what it achieved.
    case fellBehind(achievedPerSecond: Int, offeredPerSecond: Int)
    /// Round trips longer than the histogram holds (60 s): in the rates, not in the percentiles.
    case outOfHistogramRange(roundTrips: Int)

    public var description: String {
        switch self {
        case .fellBehind(let achieved, let offered): "achieved \(achieved) msg/s is below the offered \(offered) msg/s"
        case .outOfHistogramRange(let roundTrips): "\(roundTrips) round trips over 60 s were not in the histogram"
        }
    }

    /// The note whose text `description` is `text` (as measurements.csv holds it); nil for any other text.
    public init?(_ text: String) {
        let words = text.split(separator: " ")
        let note: MeasurementNote? =
            if words.first == "achieved", words.count == 9, let achieved = Int(words[1]), let offered = Int(words[7]) {
                .fellBehind(achievedPerSecond: achieved, offeredPerSecond: offered)
            } else if let roundTrips = words.first.flatMap({ Int($0) }) {
                .outOfHistogramRange(roundTrips: roundTrips)
            } else {
                nil
            }
        guard let note, note.description == text else { return nil }
        self = note
    }
}

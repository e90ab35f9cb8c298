import SockBenchCore

/// Where the two workers of each pair run.
public enum CPUPlacement: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Left to the scheduler.
    case none
    /// Both workers of a pair pinned to one core (pair i on core i mod n).
    case same
    /// The two workers of a pair on different cores.
    case split
    /// Client on `client`, server on `server`.
    case explicit(client: Int, server: Int)

    public var description: String {
        switch self {
        case .none: "none"
        case .same: "same"
        case .split: "split"
        case .explicit(let client, let server): "\(client)+\(server)"
        }
    }

    /// Parses `none`, `same`, `split` or `C+S` (client core + server core).
    public init?(_ text: String) {
        switch text {
        case "none": self = .none
        case "same": self = .same
        case "split": self = .split
        default:
            let parts = text.split(separator: "+", omittingEmptySubsequences: false)
            guard parts.count == 2, let client = Int(parts[0]), let server = Int(parts[1]), client >= 0, server >= 0 else { return nil }
            self = .explicit(client: client, server: server)
        }
    }

    /// The cores for pair `pair`, chosen from `usable` (the CPU numbers this process may run on,
    /// `Sys.usableCPUs()`): (client, server). Explicit placements are used as given.
    public func cores(pair: Int, usable: [Int]) -> (client: Int?, server: Int?) {
        let count = usable.count
        return switch self {
        case .none: (nil, nil)
        case .same: (usable[pair % count], usable[pair % count])
        case .split: (usable[(2 * pair) % count], usable[(2 * pair + 1) % count])
        case .explicit(let client, let server): (client, server)
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = CPUPlacement(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad cpu placement \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

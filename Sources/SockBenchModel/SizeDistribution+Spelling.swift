import Foundation
import SockBenchCore

/// Why a `--size-dist` value is not a distribution sockbench can draw from: one phrase, which the
/// option's error line puts between the value and the accepted form.
public struct SizeDistributionError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

/// How `--size-dist` is typed, spelled in files and tables, and checked: the one place for each.
extension SizeDistribution {
    /// The accepted forms, for error lines and `--help`.
    public static let form = "a range such as 64..4K or sizes with weights such as 64:0.9,64K:0.1 (sizes from 1 byte to 64MiB, K and M 1024-based; positive weights, each at least 1/4096 of their sum)"

    /// `64B..4KiB`, `64B:0.9,64KiB:0.1`: sizes as the tables spell them, weights as given. Cell ids,
    /// the `size_dist` columns and the tables use it, and it parses back to the same distribution.
    public var spelling: String {
        switch self {
        case .uniform(let smallest, let largest):
            return "\(Quantities.formatBytes(smallest))..\(Quantities.formatBytes(largest))"
        case .weighted(let sizes):
            return sizes.map { "\(Quantities.formatBytes($0.bytes)):\(Self.spell($0.weight))" }.joined(separator: ",")
        }
    }

    /// A weight in its shortest exact form: `1`, not `1.0`; `0.9`.
    private static func spell(_ weight: Double) -> String {
        weight == weight.rounded() && abs(weight) < 1e15 ? String(Int(weight)) : String(weight)
    }

    /// Parses `64..4K` (a range, both ends included) or `64:0.9,64K:0.1` (sizes with weights); a
    /// lone size such as `2K` is that fixed size. Throws the reason when the text is not one, or
    /// names a distribution that cannot be drawn (`problem`).
    public init(parsing text: String) throws(SizeDistributionError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        func bytes(_ part: some StringProtocol) throws(SizeDistributionError) -> Int {
            guard let value = Quantities.byteCount(String(part)) else {
                throw SizeDistributionError(reason: "'\(part.trimmingCharacters(in: .whitespaces))' is not a byte count")
            }
            return value
        }
        if let dots = trimmed.range(of: "..") {
            let (low, high) = (trimmed[..<dots.lowerBound], trimmed[dots.upperBound...])
            let (smallest, largest) = (try bytes(low), try bytes(high))
            guard smallest <= largest else {
                throw SizeDistributionError(reason: "the range runs backwards; put the smaller size first")
            }
            self = .uniform(smallest: smallest, largest: largest)
        } else {
            let items = trimmed.split(separator: ",", omittingEmptySubsequences: false)
            var sizes: [WeightedSize] = []
            for item in items {
                let parts = item.split(separator: ":", omittingEmptySubsequences: false)
                if parts.count == 1, items.count == 1 {
                    sizes.append(WeightedSize(bytes: try bytes(parts[0]), weight: 1))
                    continue
                }
                guard parts.count == 2 else {
                    throw SizeDistributionError(reason: "'\(item)' is not SIZE:WEIGHT")
                }
                let size = try bytes(parts[0])
                let weightText = parts[1].trimmingCharacters(in: .whitespaces)
                guard let weight = Double(weightText), weight.isFinite, weight > 0 else {
                    throw SizeDistributionError(reason: "the weight '\(weightText)' of \(Quantities.formatBytes(size)) is not a positive number")
                }
                guard !sizes.contains(where: { $0.bytes == size }) else {
                    throw SizeDistributionError(reason: "\(Quantities.formatBytes(size)) is listed twice")
                }
                sizes.append(WeightedSize(bytes: size, weight: weight))
            }
            self = .weighted(sizes)
        }
        if let problem { throw SizeDistributionError(reason: problem) }
    }

    /// Why sockbench cannot draw from this distribution, or nil when it can: a size outside 1 byte
    /// to `WorkerJob.maximumSizeBytes`, a weight that is not positive, or one too small for the table
    /// (each size must get at least one of its 4096 entries). The parser and a worker receiving a
    /// job both ask it.
    public var problem: String? {
        let limit = "1 byte ... \(Quantities.formatBytes(WorkerJob.maximumSizeBytes))"
        switch self {
        case .uniform(let smallest, let largest):
            if smallest < 1 || largest > WorkerJob.maximumSizeBytes { return "the range is outside \(limit)" }
            if smallest > largest { return "the range runs backwards" }
        case .weighted(let sizes):
            if sizes.isEmpty { return "no sizes" }
            for size in sizes where size.bytes < 1 || size.bytes > WorkerJob.maximumSizeBytes {
                return "\(size.bytes) bytes is outside \(limit)"
            }
            for size in sizes where !(size.weight.isFinite && size.weight > 0) {
                return "the weight of \(Quantities.formatBytes(size.bytes)) is not a positive number"
            }
            let total = sizes.reduce(0) { $0 + $1.weight }
            // The same expression the table's quotas use, so a size that passes gets an entry.
            for size in sizes where size.weight / total * Double(Self.tableCount) < 1 {
                return "\(Quantities.formatBytes(size.bytes)) has under 1/\(Self.tableCount) of the weight, the finest share the table of \(Self.tableCount) sizes both workers draw from holds"
            }
        }
        return nil
    }
}

/// `--size-dist`: the sizes of a run's messages drawn per message instead of one fixed `--size`.
///
/// Both workers of a pair build the same table of sizes from it (`tableSizes`), so the receiver of
/// a byte stream knows each message's length without framing and a datagram receiver can check the
/// length it got. How it is spelled and checked is SockBenchModel's (`SizeDistribution+Spelling`).
public enum SizeDistribution: Codable, Sendable, Hashable {
    /// Every whole size from `smallest` to `largest` bytes, equally likely (`64..4K`).
    case uniform(smallest: Int, largest: Int)
    /// Sizes with positive weights, each drawn with its weight's share of their sum
    /// (`64:0.9,64K:0.1`). The weights are kept as given, so a spelling parses back to the same value.
    case weighted([WeightedSize])

    /// Messages in a table: message k has the size at k mod this. A power of two, so the hot loop
    /// finds a size with one AND and one load; a weight's share is exact to 1/4096.
    public static let tableCount = 4096
    /// The seed of every table: a fixed one, so every repetition, every run and both transports of
    /// a comparison send the same sequence of sizes.
    public static let tableSeed: UInt64 = 0x5EED_0F_512E_D157

    /// A distribution of one size: that fixed size.
    public static func fixed(_ bytes: Int) -> SizeDistribution { .weighted([WeightedSize(bytes: bytes, weight: 1)]) }

    public var smallest: Int {
        switch self {
        case .uniform(let smallest, _): smallest
        case .weighted(let sizes): sizes.map(\.bytes).min() ?? 0
        }
    }

    /// The largest size: what the buffers hold and what a transport's datagram limit is checked against.
    public var largest: Int {
        switch self {
        case .uniform(_, let largest): largest
        case .weighted(let sizes): sizes.map(\.bytes).max() ?? 0
        }
    }

    /// The one size of a distribution that has only one, else nil.
    public var fixedBytes: Int? { smallest == largest ? largest : nil }

    /// The sizes of messages 0 ..< `tableCount`, the same for the same seed in every process.
    ///
    /// The table holds the distribution's shares exactly, not a sample of it: a weighted size gets
    /// its share of the 4096 entries (largest remainder), a range one size from each of 4096 equal
    /// strata at a random point in it; then a Fisher-Yates shuffle with SplitMix64 orders them. A
    /// short measurement thus sees the mean size it asked for, which 4096 independent draws would
    /// miss by up to a few percent for a rare large size.
    public func tableSizes(seed: UInt64 = SizeDistribution.tableSeed) -> [Int] {
        let count = Self.tableCount
        var generator = SplitMix64(seed: seed)
        var sizes: [Int] = []
        sizes.reserveCapacity(count)
        switch self {
        case .uniform(let smallest, let largest):
            // Position k·4096 + r in [0, 2^24) scaled onto the range: below 2^50 for any size up to 64 MiB.
            let span = UInt64(largest - smallest + 1)
            for k in 0..<count {
                let position = UInt64(k) << 12 | (generator.next() & 0xFFF)
                sizes.append(smallest + Int((position * span) >> 24))
            }
        case .weighted(let entries):
            let total = entries.reduce(0) { $0 + $1.weight }
            let exact = entries.map { $0.weight / total * Double(count) }
            var quotas = exact.map { Int($0.rounded(.down)) }
            var left = count - quotas.reduce(0, +)
            // Ties go to the earlier size, so the quotas do not depend on the sort's stability.
            let byRemainder = exact.indices.sorted { a, b in
                let (ra, rb) = (exact[a] - exact[a].rounded(.down), exact[b] - exact[b].rounded(.down))
                return ra != rb ? ra > rb : a < b
            }
            for index in byRemainder where left > 0 {
                quotas[index] += 1
                left -= 1
            }
            for (entry, quota) in zip(entries, quotas) { sizes += repeatElement(entry.bytes, count: quota) }
        }
        // Written out rather than `shuffle(using:)`, whose algorithm the standard library may change:
        // the two workers of a pair may be different builds on different hosts.
        var i = count - 1
        while i > 0 {
            let j = Int(generator.next() % UInt64(i + 1))
            sizes.swapAt(i, j)
            i -= 1
        }
        return sizes
    }
}

/// One size of a weighted `--size-dist` and its weight (any positive number; shares are weight / sum).
public struct WeightedSize: Codable, Sendable, Hashable {
    public var bytes: Int
    public var weight: Double

    public init(bytes: Int, weight: Double) {
        self.bytes = bytes
        self.weight = weight
    }
}

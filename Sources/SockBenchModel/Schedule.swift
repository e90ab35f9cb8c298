import SockBenchCore

/// A small, fast, seedable generator (SplitMix64) so a run's order can be replayed with `--seed`.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One scheduled measurement: which cell, which repetition.
public struct ScheduledMeasurement: Hashable, Sendable {
    public var cellIndex: Int
    public var repetition: Int
    public init(cellIndex: Int, repetition: Int) {
        self.cellIndex = cellIndex
        self.repetition = repetition
    }
}

public enum Schedule {
    /// Slots `slots` of every group: in each slot the groups come in a random order, and each
    /// group's cells back to back in a random order, all with the slot number as repetition. Cells
    /// measured together see the same machine, so their ratios cancel its drift (paired
    /// comparison); the random order keeps a cell from always going first.
    public static func slots(groups: [[Int]], slots: ClosedRange<Int>, seed: UInt64) -> [ScheduledMeasurement] {
        var generator = SeededGenerator(seed: seed)
        var schedule: [ScheduledMeasurement] = []
        for slot in slots {
            for group in groups.shuffled(using: &generator) {
                schedule += group.shuffled(using: &generator).map { ScheduledMeasurement(cellIndex: $0, repetition: slot) }
            }
        }
        return schedule
    }

    /// The seed of a run given no `--seed`: below 2^32, so it is short to print and to type back.
    public static func randomSeed() -> UInt64 { UInt64.random(in: 1...UInt64(UInt32.max)) }
}


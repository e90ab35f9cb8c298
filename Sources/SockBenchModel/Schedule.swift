import SockBenchCore

/// A seedable generator so a run's order can be replayed with `--seed`: SplitMix64, the one
/// implementation (SockBenchCore), which `--size-dist`'s size tables draw from too.
public struct SeededGenerator: RandomNumberGenerator {
    private var generator: SplitMix64
    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }
    public mutating func next() -> UInt64 { generator.next() }
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


import SockBenchModel

/// One measurement of one offered rate in a load sweep (a step and each of its retries).
public struct KneeTrial: Sendable, Hashable {
    public var rate: Int
    /// The saturation test passed.
    public var keepsUp: Bool
    /// The latency test passed (keeps up and within the objective beyond the floor).
    public var within: Bool
    /// The machine's floor alone broke the objective: the try says nothing about the transport's latency.
    public var floorBreaks: Bool

    public init(rate: Int, keepsUp: Bool, within: Bool, floorBreaks: Bool = false) {
        self.rate = rate
        self.keepsUp = keepsUp
        self.within = within
        self.floorBreaks = floorBreaks
    }
}

/// A knee from every try of every sweep: the highest offered rate at which the transport passes in
/// at least half of its tries, with a 95 % interval from resampling the sweeps.
///
/// Why pooled: near its capacity a transport can be bistable. On 2026-12-03 a 64 B TCP stream kept
/// up with 269 000 msg/s in one try and fell to about 210 000 in the next two (when the receiver
/// falls behind it takes many segments per `recv` and may catch up, or it may not), and a UDP
/// receiver that once fell behind stayed at about 320 000 msg/s while the same rate passed at
/// 450 000 in another try (Benchmarks/results/load-tcp-bistable-20261203.txt and
/// load-udp-bistable-20261203.txt). A sweep's bisection
/// keeps the best of a step's tries, so one lucky try moves that sweep's knee by a third, and the
/// median of three or five such knees still moved ±16–30 % between runs. Every try is a yes/no
/// observation of "does the transport keep up at this rate"; the share of yeses falls with the rate.
/// Fitting that share as a non-increasing step function of the rate (isotonic regression, pool
/// adjacent violators: Barlow et al. 1972) and reading where it drops below one half uses all of
/// them, the way the up-and-down method estimates a median dose (Dixon & Mood 1948).
///
/// The interval: the sweeps are resampled with replacement (`resamples` times, a fixed seed, so the
/// same tries always give the same interval) and the knee is estimated again from each resample;
/// the 2.5th and 97.5th percentiles of those knees bound it. With one sweep it is the knee itself.
public enum PooledKnee {
    /// The share of tries that must pass at a rate for the rate to count as sustained.
    public static let passShare = 0.5
    public static let resamples = 400
    static let seed: UInt64 = 0x6b6e_6565

    /// The highest rate tried whose fitted pass share is at least `passShare`; 0 when none is.
    public static func knee(_ trials: [KneeTrial], passes: (KneeTrial) -> Bool) -> Int {
        // Per distinct rate, ascending: passes and tries.
        var counts: [Int: (passed: Int, tried: Int)] = [:]
        for trial in trials {
            let c = counts[trial.rate] ?? (0, 0)
            counts[trial.rate] = (c.passed + (passes(trial) ? 1 : 0), c.tried + 1)
        }
        // Pool adjacent violators of "the share does not rise with the rate".
        var blocks: [(passed: Int, tried: Int, highest: Int)] = []
        for rate in counts.keys.sorted() {
            let c = counts[rate]!
            blocks.append((c.passed, c.tried, rate))
            while blocks.count > 1 {
                let b = blocks[blocks.count - 1], a = blocks[blocks.count - 2]
                // a's share < b's share, compared without division.
                guard a.passed * b.tried < b.passed * a.tried else { break }
                blocks.removeLast(2)
                blocks.append((a.passed + b.passed, a.tried + b.tried, b.highest))
            }
        }
        var knee = 0
        for block in blocks where Double(block.passed) >= passShare * Double(block.tried) { knee = block.highest }
        return knee
    }

    /// The knee of all `sweeps` pooled and its 95 % interval over resampled sweeps.
    public static func estimate(_ sweeps: [[KneeTrial]], passes: (KneeTrial) -> Bool) -> (knee: Int, low: Int, high: Int) {
        let knee = knee(sweeps.flatMap { $0 }, passes: passes)
        guard sweeps.count > 1 else { return (knee, knee, knee) }
        var generator = SeededGenerator(seed: seed)
        var knees: [Int] = []
        knees.reserveCapacity(resamples)
        for _ in 0..<resamples {
            var pooled: [KneeTrial] = []
            for _ in sweeps.indices { pooled += sweeps[Int.random(in: sweeps.indices, using: &generator)] }
            knees.append(Self.knee(pooled, passes: passes))
        }
        knees.sort()
        let low = knees[Int(0.025 * Double(resamples))]
        let high = knees[Int(0.975 * Double(resamples)) - 1]
        return (knee, min(low, knee), max(high, knee))
    }
}

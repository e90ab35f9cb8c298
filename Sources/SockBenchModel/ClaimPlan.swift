import SockBenchCore

/// The built-in plan of `reproduce`: the conditions that change the AF_UNIX/TCP answer, chosen
/// one factor at a time around two headline cases (ping-pong 64 B and stream 64 B, workers on
/// different cores) so the whole plan fits in about 75 s of measuring on 2 cores. Ping-pong between cores is
/// measured under both idle policies (`idle=poll`, `idle=os`); the rest follow the run's `--idle`.
public enum ClaimPlan {
    /// The course's figures: AF_UNIX ~100 000 msg/s, TCP localhost ~40 000 msg/s.
    public static let claimedUnix = 100_000.0
    public static let claimedTCP = 40_000.0
    public static var claimedRatio: Double { claimedUnix / claimedTCP }
    /// The claim in the course's words, e.g. "AF_UNIX ~100 000 messages/sec vs TCP localhost ~40 000 messages/sec".
    public static func claimText(unit: String = "messages/sec") -> String {
        "AF_UNIX ~\(NumberFormat.grouped(claimedUnix)) \(unit) vs TCP localhost ~\(NumberFormat.grouped(claimedTCP)) \(unit)"
    }
    /// "2.5" (the claimed ratio, as few digits as it needs).
    public static var claimedRatioText: String { String(format: "%g", claimedRatio) }
    /// Where the verdict regions split the AF_UNIX/TCP ratio: TCP faster below 0.9, about the same
    /// up to 1.1, AF_UNIX faster by less than claimed up to 2.0, near the claimed ratio up to 3.0,
    /// by more above. The claimed ratio lies inside the fourth region.
    public static let ratioBoundaries = [0.9, 1.1, 2.0, 3.0]

    public static let largeBufferBytes = 1 << 20
    /// Slots every group gets in the first pass (the datagram context cells get only these).
    public static let initialSlots = 6
    /// At most this many slots per group: high enough that the budget, not this cap, ends a run.
    public static let maximumSlots = 200
    /// Seconds of measuring that `reproduce` spends by default. The design is fixed before the
    /// first look: every group gets one slot per round, in a fresh random order, until the budget is
    /// spent, so how many slots a condition has depends on the time alone, never on its interval
    /// (stopping when an interval looks narrow would break its 95%).
    public static let defaultBudgetSeconds = 75.0
    /// Ratio intervals wider than this are listed under Precision in REPORT.md.
    public static let targetHalfWidth = 0.07
    /// Short measurements, many of them: the interval narrows with the number of slots, and a
    /// measurement's fixed cost is about 4 ms with pooled workers. Five back-to-back runs on the
    /// development VM (Benchmarks/stability.sh) measured 25 ms after a 10 ms warmup against 70 ms
    /// after 30 ms: the same ratios, and ratio intervals of median ±4.8–5.0% instead of ±6.3–7.7%
    /// (Benchmarks/results/stability-20261126T1741.txt and stability-20261126T1806-70ms.txt).
    public static let warmupMilliseconds: UInt64 = 10
    public static let measuredMilliseconds: UInt64 = 25
    public static let settings = MeasurementSettings(
        warmupNanoseconds: warmupMilliseconds * 1_000_000, extent: .duration(nanoseconds: measuredMilliseconds * 1_000_000),
        idleTimeoutNanoseconds: 3_000_000_000
    )

    public static let conditions: [ClaimCondition] = [
        // Ping-pong: the round trip is dominated by two wake-ups; TCP adds its per-packet work.
        // Between cores the idle policy decides the direction of the answer, so it is a condition.
        ClaimCondition(.pingpong, 64, noDelay: true, idle: .poll),
        ClaimCondition(.pingpong, 64, noDelay: false, idle: .poll),
        ClaimCondition(.pingpong, 1024, noDelay: true, idle: .poll),
        ClaimCondition(.pingpong, 65_536, noDelay: true, idle: .poll),
        ClaimCondition(.pingpong, 64, noDelay: true, idle: .os),
        ClaimCondition(.pingpong, 64, noDelay: false, idle: .os),
        ClaimCondition(.pingpong, 1024, noDelay: true, idle: .os),
        ClaimCondition(.pingpong, 65_536, noDelay: true, idle: .os),
        ClaimCondition(.pingpong, 64, noDelay: true, cpu: .same),
        // One-way stream: Nagle, core placement, size and buffers all move the answer.
        ClaimCondition(.stream, 64, noDelay: false),
        ClaimCondition(.stream, 64, noDelay: true),
        ClaimCondition(.stream, 64, noDelay: false, cpu: .same),
        ClaimCondition(.stream, 64, noDelay: true, cpu: .same),
        ClaimCondition(.stream, 1024, noDelay: false),
        ClaimCondition(.stream, 1024, noDelay: true),
        ClaimCondition(.stream, 1024, noDelay: true, largeBuffers: true),
        ClaimCondition(.stream, 65_536, noDelay: true),
        ClaimCondition(.stream, 65_536, noDelay: true, largeBuffers: true),
    ]

    /// Datagram transports measured for context on the small-message conditions.
    public static let contextConditions: [ClaimCondition] = [
        ClaimCondition(.pingpong, 64, noDelay: true),
        ClaimCondition(.stream, 64, noDelay: true),
        ClaimCondition(.stream, 1024, noDelay: true),
    ]

    /// The cells measured back to back in each slot: a condition's AF_UNIX cell with the TCP cells
    /// of every condition that shares it, so one AF_UNIX measurement pairs with Nagle on and off.
    public static func groups() -> [[Cell]] {
        var groups: [[Cell]] = []
        for condition in conditions {
            let unix = condition.cell(.unix), tcp = condition.cell(.tcp)
            if let index = groups.firstIndex(where: { $0[0] == unix }) {
                if !groups[index].contains(tcp) { groups[index].append(tcp) }
            } else {
                groups.append([unix, tcp])
            }
        }
        return groups
    }

    /// Cells shown for context, measured in the first slots only and never compared: the datagram
    /// transports, and the floors under every socket (a pipe pair, blocking, and a shared-memory
    /// ring, both sides spinning).
    public static let contextTransports: [Transport] = [.unixDgram, .udp, .pipe, .shm]

    public static func contextCells() -> [Cell] {
        contextConditions.flatMap { condition in contextTransports.map { condition.cell($0) } }
    }

    public static func cells() -> [Cell] { groups().flatMap { $0 } + contextCells() }

    /// The axes the plan draws from, recorded in run.json.
    public static var axes: MatrixAxes {
        MatrixAxes(
            transports: [.unix, .tcp] + contextTransports, patterns: [.pingpong, .stream], sizes: [64, 1024, 65_536],
            sendBuffers: [nil, largeBufferBytes], receiveBuffers: [nil, largeBufferBytes], noDelay: [true, false],
            modes: [.blocking, .busyPoll], cpus: [.split, .same]
        )
    }
}

import SockBenchCore

/// The built-in plan of `reproduce`: the conditions that change the AF_UNIX/TCP answer, chosen
/// one factor at a time around two headline cases (ping-pong 64 B and stream 64 B, workers on
/// different cores) so the whole plan fits in about a minute on 2 cores.
public enum ClaimPlan {
    public static let largeBufferBytes = 1 << 20
    /// 6 repetitions: the smallest n whose order-statistics CI of the median reaches 95% coverage.
    public static let repetitions = 6
    public static let settings = MeasurementSettings(
        warmupNanoseconds: 60_000_000, extent: .duration(nanoseconds: 150_000_000), idleTimeoutNanoseconds: 3_000_000_000
    )

    public static let conditions: [ClaimCondition] = [
        // Ping-pong: the round trip is dominated by two wake-ups; TCP adds its per-packet work.
        ClaimCondition(.pingpong, 64, noDelay: true),
        ClaimCondition(.pingpong, 64, noDelay: false),
        ClaimCondition(.pingpong, 64, noDelay: true, cpu: .same),
        ClaimCondition(.pingpong, 1024, noDelay: true),
        ClaimCondition(.pingpong, 65_536, noDelay: true),
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

    public static func cells() -> [Cell] {
        var cells: [Cell] = []
        for condition in conditions {
            for transport in [Transport.unix, .tcp] where !cells.contains(condition.cell(transport)) {
                cells.append(condition.cell(transport))
            }
        }
        for condition in contextConditions {
            for transport in [Transport.unixDgram, .udp] { cells.append(condition.cell(transport)) }
        }
        return cells
    }

    /// The axes the plan draws from, recorded in run.json.
    public static var axes: MatrixAxes {
        MatrixAxes(
            transports: [.unix, .tcp, .unixDgram, .udp], patterns: [.pingpong, .stream], sizes: [64, 1024, 65_536],
            sendBuffers: [nil, largeBufferBytes], receiveBuffers: [nil, largeBufferBytes], noDelay: [true, false],
            cpus: [.split, .same]
        )
    }
}

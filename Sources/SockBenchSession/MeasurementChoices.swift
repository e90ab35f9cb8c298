import SockBenchCore
import SockBenchModel
import SockBenchStats

/// How long and how often each cell is measured, as the user typed it (nil: the default): the
/// measurement options of run, check, calibrate, checked and applied over a preset's or spec's settings.
public struct MeasurementChoices: Sendable {
    public var duration: TimeSpan?
    public var count: Int?
    public var warmup: TimeSpan?
    public var repetitions: Int?
    public var targetCi: Percentage?
    public var maxRepetitions: Int?
    public var verify: Bool
    public var timeout: TimeSpan?
    public var clientProcesses: Int?
    public var idle: IdleStates?
    /// `--seed`; nil: drawn when the run starts.
    public var seed: UInt64?

    public init(
        duration: TimeSpan?, count: Int?, warmup: TimeSpan?, repetitions: Int?, targetCi: Percentage?, maxRepetitions: Int?,
        verify: Bool, timeout: TimeSpan?, clientProcesses: Int?, idle: IdleStates?, seed: UInt64? = nil
    ) {
        (self.duration, self.count, self.warmup, self.repetitions, self.targetCi) = (duration, count, warmup, repetitions, targetCi)
        (self.maxRepetitions, self.verify, self.timeout, self.clientProcesses, self.idle) = (maxRepetitions, verify, timeout, clientProcesses, idle)
        self.seed = seed
    }

    /// The options given, such as ["--duration", "--seed"], in the order of --help.
    public var given: [String] {
        let options: [(String, Bool)] = [
            ("--duration", duration != nil), ("--count", count != nil), ("--warmup", warmup != nil), ("--repetitions", repetitions != nil),
            ("--target-ci", targetCi != nil), ("--max-repetitions", maxRepetitions != nil), ("--seed", seed != nil), ("--verify", verify),
            ("--timeout", timeout != nil), ("--client-processes", clientProcesses != nil), ("--idle", idle != nil),
        ]
        return options.filter(\.1).map(\.0)
    }

    /// The upper bound on repetitions with `--target-ci`.
    public var maximumRepetitions: Int { maxRepetitions ?? 20 }

    /// Each value in its range, one `AxisError` line naming the option otherwise.
    public func check() throws {
        if let count, count < 1 || count > 1_000_000_000 { throw AxisError("--count: \(count) is outside 1...1000000000") }
        if let repetitions, repetitions < 1 || repetitions > 1000 { throw AxisError("--repetitions: \(repetitions) is outside 1...1000") }
        if let maxRepetitions, maxRepetitions < 1 || maxRepetitions > 1000 { throw AxisError("--max-repetitions: \(maxRepetitions) is outside 1...1000") }
        if let duration {
            _ = try AxisParsing.positive(duration, option: "--duration")
            if duration.nanoseconds > 3_600_000_000_000 { throw AxisError("--duration: \(duration) is longer than an hour; use at most 1h per repetition") }
        }
        if let warmup, warmup.nanoseconds > 600_000_000_000 { throw AxisError("--warmup: \(warmup) is longer than 10 minutes") }
        if let timeout { _ = try AxisParsing.socketTimeout(timeout) }
        if let clientProcesses, clientProcesses < 1 || clientProcesses > 64 { throw AxisError("--client-processes: \(clientProcesses) is outside 1...64") }
        if count != nil && duration != nil { throw AxisError("--count and --duration exclude each other; give one") }
        _ = try targetFraction()
    }

    /// `--target-ci` as a fraction (0.02 = 2%).
    public func targetFraction() throws -> Double? {
        guard let targetCi else { return nil }
        guard targetCi.fraction > 0, targetCi.fraction < 1 else {
            throw AxisError("--target-ci: invalid value '\(targetCi)'; use a percentage such as 2%")
        }
        return targetCi.fraction
    }

    /// `--target-ci` aiming at `metrics` (`--metric`; nil: each cell's pattern decides).
    public func target(metrics: [Metric]? = nil) throws -> PrecisionTarget? {
        try targetFraction().map { PrecisionTarget(relativeHalfWidth: $0, metrics: metrics) }
    }

    /// The settings with every given value applied over `base`.
    public func settings(over base: MeasurementSettings) throws -> MeasurementSettings {
        var settings = base
        if let duration { settings.extent = .duration(nanoseconds: try AxisParsing.positive(duration, option: "--duration")) }
        if let count { settings.extent = .count(count) }
        if let warmup { settings.warmupNanoseconds = warmup.nanoseconds }
        settings.verify = settings.verify || verify
        if let timeout { settings.socketTimeoutNanoseconds = try AxisParsing.socketTimeout(timeout) }
        if settings.socketTimeoutNanoseconds == nil { settings.socketTimeoutNanoseconds = 1_000_000_000 }
        if let clientProcesses { settings.clientProcesses = clientProcesses }
        settings.idle = idle ?? base.idle ?? .poll
        return settings
    }
}

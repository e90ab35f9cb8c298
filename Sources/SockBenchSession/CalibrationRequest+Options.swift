import SockBenchCore
import SockBenchModel

/// `sockbench calibrate`'s options as typed: run's axis and measurement options with calibrate's own
/// defaults, less those the C reference loops cannot follow.
extension CalibrationRequest {
    /// Shorter measurements than run's and more of them: a ratio of neighbours needs many pairs.
    public static let defaultRepetitions = 7
    public static let defaultSettings = MeasurementSettings(warmupNanoseconds: 200_000_000, extent: .duration(nanoseconds: 500_000_000))
    /// `--tolerance` when not given: 3%.
    public static let defaultTolerance = 0.03

    /// The request the options describe. A bad value, or an option the C loops cannot follow,
    /// throws an `AxisError` naming it; `json`: `--json` was given (calibrate writes its JSON file).
    public static func parse(
        matrix: MatrixChoices, measure: MeasurementChoices, tolerance: Percentage?, name: String?, outputPath: String?,
        json: Bool, commandLine: [String]
    ) throws -> CalibrationRequest {
        try measure.check()
        if measure.targetCi != nil { throw AxisError("--target-ci: calibrate measures a fixed number of pairs; use --repetitions") }
        if measure.verify { throw AxisError("--verify: the C reference loops do not check payloads") }
        if matrix.replySize != nil { throw AxisError("--reply-size: the C reference loops echo the request; calibrate measures symmetric ping-pong only") }
        if matrix.batch != nil { throw AxisError("--batch: the C reference loops send one message per call") }
        if matrix.sizeDist != nil { throw AxisError("--size-dist: the C reference loops send one fixed size; calibrate takes --size") }
        if let writes = matrix.writes, writes != "1" { throw AxisError("--writes: the C reference loops send each message whole; calibrate accepts only --writes 1") }
        if let replyWrites = matrix.replyWrites, replyWrites != "1" {
            throw AxisError("--reply-writes: the C reference loops send each reply whole; calibrate accepts only --reply-writes 1")
        }
        if let quickack = matrix.quickack, quickack != "off" {
            throw AxisError("--quickack: the C reference loops leave ACKs to the kernel; calibrate accepts only --quickack off")
        }
        if matrix.busyPollUs != nil { throw AxisError("--busy-poll-us: the C reference loops leave SO_BUSY_POLL alone; calibrate does not take it") }
        if let zerocopy = matrix.zerocopy, zerocopy != "off" {
            throw AxisError("--zerocopy: the C reference loops send with copies; calibrate accepts only --zerocopy off")
        }
        if let keepalive = matrix.keepalive, keepalive != "off" {
            throw AxisError("--keepalive: the C reference loops leave SO_KEEPALIVE off; calibrate accepts only --keepalive off")
        }
        if json { throw AxisError("--json: calibrate writes calibration.json into its run directory") }
        if let name, !RunName.isValid(name) { throw AxisError(RunName.problem(name)) }
        if let tolerance, tolerance.fraction <= 0 || tolerance.fraction >= 1 {
            throw AxisError("--tolerance: invalid value '\(tolerance)'; use a percentage such as 3%")
        }
        return CalibrationRequest(
            axes: try matrix.axes(over: defaultAxes(for: matrix)), settings: try measure.settings(over: defaultSettings),
            repetitions: measure.repetitions ?? defaultRepetitions, seed: measure.seed ?? Schedule.randomSeed(),
            outputPath: outputPath ?? RunPlan.defaultOutputPath(name: name ?? "calibrate"), tolerance: tolerance?.fraction ?? defaultTolerance,
            commandLine: commandLine
        )
    }

    /// calibrate's default axes; with --connections, ping-pong in one mode (one epoll loop per
    /// process, so --mode would only measure the same cells twice).
    static func defaultAxes(for matrix: MatrixChoices) -> MatrixAxes {
        var axes = defaultAxes
        if matrix.connections != nil {
            if matrix.pattern == nil { axes.patterns = [.pingpong] }
            if matrix.mode == nil { axes.modes = [.blocking] }
        }
        return axes
    }

    /// Refuses a request with nothing to calibrate (every combination skipped, said why) or one
    /// the rules of a run refuse.
    public func check() throws {
        let plan = Calibration.plan(self)
        if plan.cells.isEmpty {
            throw AxisError("nothing to calibrate: every combination was skipped (\(plan.skipped.map(\.description).joined(separator: "; ")))")
        }
        _ = try Calibration.runPlan(self)
    }
}

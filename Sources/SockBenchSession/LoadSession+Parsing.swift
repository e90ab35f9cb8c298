import SockBenchCore
import SockBenchModel
import SockBenchStats

extension LoadSession.Request {
    /// The request as `sockbench load` spells it: each value as typed, nil for its default; a bad
    /// value throws one `AxisError` line naming its option.
    public static func parse(
        transport: String?, size: ByteCount?, pattern: String?, slo: String?, startRate: String?, maxRate: String?,
        stepDuration: TimeSpan?, warmup: TimeSpan?, repetitions: Int?, nodelay: String?, idle: IdleStates, output: String?
    ) throws -> LoadSession.Request {
        let transports = try AxisParsing.transports(transport ?? "unix,tcp,udp")
        let sizeBytes = size?.bytes ?? 64
        try AxisParsing.checkSize(sizeBytes, option: "--size")
        guard let pattern = Pattern(rawValue: pattern ?? "stream"), pattern != .pingpong else {
            throw AxisError("--pattern: use stream or rr (pingpong is closed-loop and has no offered rate)")
        }
        if sizeBytes < PacedHeader.bytes { throw AxisError("--size: paced messages carry a \(PacedHeader.bytes)-byte header; use at least \(PacedHeader.bytes)") }
        for t in transports where Matrix.unsupported(t, pattern, sizeBytes: sizeBytes) != nil {
            throw AxisError("--size: \(Matrix.unsupported(t, pattern, sizeBytes: sizeBytes)!)")
        }
        // load offers rates: a transport without a paced loop (shm) cannot be swept.
        for t in transports { if let reason = Matrix.unsupportedPacing(t, ratePerSecond: 1) { throw AxisError("--transport: \(reason)") } }
        guard let bound = slo.map(LatencyBound.init) ?? LatencyBound.loopbackDefault else {
            throw AxisError("--slo: invalid value '\(slo ?? "")'; use \(LatencyBound.form)")
        }
        func rate(_ text: String?, _ option: String, _ fallback: Int) throws -> Int {
            guard let text else { return fallback }
            guard let r = AxisParsing.rate(text), r >= 1, r <= Matrix.maximumRatePerSecond else {
                throw AxisError("\(option): invalid value '\(text)'; use \(AxisParsing.rateForm.replacingOccurrences(of: ", or max (unpaced)", with: ""))")
            }
            return r
        }
        var plan = KneeSearch.Plan(bound: bound)
        plan.start = try rate(startRate, "--start-rate", 10_000)
        plan.maximum = try rate(maxRate, "--max-rate", 5_000_000)
        plan.minimum = min(plan.minimum, plan.start)
        if plan.maximum < plan.start { throw AxisError("--max-rate: below --start-rate") }
        var settings = LoadSession.defaultSettings
        settings.idle = idle
        if let stepDuration { settings.extent = .duration(nanoseconds: try AxisParsing.positive(stepDuration, option: "--step-duration")) }
        if let warmup { settings.warmupNanoseconds = warmup.nanoseconds }
        if let repetitions, repetitions < 1 || repetitions > 100 { throw AxisError("--repetitions: \(repetitions) is outside 1...100") }
        if let nodelay, nodelay != "on" && nodelay != "off" { throw AxisError("--nodelay: invalid value '\(nodelay)'; use on or off") }
        var request = LoadSession.Request(
            transports: transports, pattern: pattern, sizeBytes: sizeBytes, plan: plan, settings: settings,
            outputPath: output ?? RunPlan.defaultOutputPath(name: "load"), outputIsDefault: output == nil
        )
        if let repetitions { request.repetitions = repetitions }
        request.noDelay = nodelay != "off"
        request.noDelayChosen = nodelay != nil
        return request
    }
}

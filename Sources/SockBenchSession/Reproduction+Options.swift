import Foundation
import SockBenchCore
import SockBenchModel

extension Reproduction {
    /// reproduce's plan from its options as typed: `--slots` (1 to `ClaimPlan.maximumSlots`),
    /// `--budget`, `--duration`, `--warmup`, `--idle`, and `--history` (an existing directory) or
    /// `--no-history`. A bad option throws an `AxisError` naming it; a rule the plan breaks, a `PlanError`.
    public static func plan(
        outputPath: String?, slots: Int?, seed: UInt64?, budget: TimeSpan?, duration: TimeSpan?, warmup: TimeSpan?, idle: IdleStates,
        history: String?, noHistory: Bool, commandLine: [String]
    ) throws -> RunPlan {
        if let slots, slots < 1 || slots > ClaimPlan.maximumSlots { throw AxisError("--slots: \(slots) is outside 1...\(ClaimPlan.maximumSlots)") }
        let budgetSeconds = try budgetSeconds(budget)
        if noHistory, history != nil { throw AxisError("--history and --no-history contradict each other; give one") }
        if let history {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: history, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw AxisError("--history: '\(history)' is not a directory; give the directory that holds earlier reproduce runs")
            }
        }
        let settings = try settings(duration: duration, warmup: warmup, idle: idle)
        return try plan(outputPath: outputPath, slots: slots, seed: seed, budgetSeconds: budgetSeconds, settings: settings, commandLine: commandLine)
    }

    /// The claim plan's measurement settings with `--duration`, `--warmup` and `--idle` applied.
    public static func settings(duration: TimeSpan?, warmup: TimeSpan?, idle: IdleStates) throws -> MeasurementSettings {
        var settings = ClaimPlan.settings
        if let duration { settings.extent = .duration(nanoseconds: try AxisParsing.positive(duration, option: "--duration")) }
        if let warmup { settings.warmupNanoseconds = warmup.nanoseconds }
        settings.idle = idle
        return settings
    }

    /// `--budget` in seconds, checked: 5 s to 1 h; nil when not given.
    public static func budgetSeconds(_ budget: TimeSpan?) throws -> Double? {
        guard let budget else { return nil }
        guard (5_000_000_000...3_600_000_000_000).contains(budget.nanoseconds) else {
            throw AxisError("--budget: '\(budget)' is not a duration from 5s to 1h, such as 30s, 1m or 90s")
        }
        return Double(budget.nanoseconds) / 1e9
    }

    /// Where earlier reproduce runs are looked for: `--history`, or the run directory's parent; nil
    /// with `--no-history`.
    public static func historyDirectory(run: String, history: String?, noHistory: Bool) -> String? {
        if noHistory { return nil }
        if let history { return history }
        let parent = (run as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }
}

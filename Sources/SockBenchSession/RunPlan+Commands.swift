import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats

/// The plans of `run` and of `check --run/--spec`, built from the options as typed. A bad option
/// throws an `AxisError` naming it; a rule the inputs break together, a `PlanError`.
extension RunPlan {
    /// `run`'s plan: `base` (a preset, a spec or the defaults) with the axis and measurement options
    /// on top, then `--compare` and `--metric`. `name` and `outputPath`: `--name` and `--output`.
    public static func run(
        base: RunSpec, matrix: MatrixChoices, measure: MeasurementChoices, hosts: HostPlacement?, compare: String?,
        metric: String?, controls: Bool, name: String?, outputPath: String?, commandLine: [String]
    ) throws -> RunPlan {
        var axes = try matrix.axes(over: base.axes)
        let settings = try measure.settings(over: base.settings)
        var comparison = try compare.map { text in try CompareOption.apply(text, to: &axes, given: matrix.given) }
        var metrics: [Metric]?
        if let metric {
            guard comparison != nil || measure.targetCi != nil else {
                throw AxisError("--metric chooses what --compare compares and what --target-ci targets; give --compare AXIS=A,B or --target-ci PERCENT too")
            }
            metrics = try CompareOption.metrics(metric)
            comparison?.metrics = metrics
        }
        let name = name ?? base.name
        let target = try measure.target(metrics: metrics)
        return try RunPlan(
            name: name, axes: axes, settings: settings, hosts: hosts, repetitions: measure.repetitions ?? base.repetitions,
            seed: measure.seed ?? Schedule.randomSeed(), target: target,
            maximumRepetitions: measure.maximumRepetitions, controls: controls, compare: comparison,
            outputPath: outputPath ?? defaultOutputPath(name: name), outputIsDefault: outputPath == nil,
            commandLine: commandLine, noDelayChosen: matrix.nodelay != nil
        )
    }

    /// `check --run/--spec`'s plan: the matrix of `spec`, measured now under the same rules as
    /// `run`'s, with at least the repetitions a regression test needs; `controls` when the check
    /// compares against the C control loops.
    public static func check(
        spec: RunSpec, measure: MeasurementChoices, controls: Bool, outputPath: String?, commandLine: [String]
    ) throws -> RunPlan {
        let name = RunName.isValid(spec.name) ? "check-\(spec.name)" : "check"
        let settings = try measure.settings(over: spec.settings)
        let target = try measure.target()
        return try RunPlan(
            name: name, command: "check", axes: spec.axes, settings: settings,
            // A preset's 3 repetitions can never show p < 0.01; measure enough to tell.
            repetitions: measure.repetitions ?? max(spec.repetitions, RegressionCheck.repetitionsNeeded),
            seed: measure.seed ?? Schedule.randomSeed(), target: target,
            maximumRepetitions: measure.maximumRepetitions, controls: controls,
            outputPath: outputPath ?? defaultOutputPath(name: name), commandLine: commandLine
        )
    }
}

extension RunSpec {
    /// The matrix `--preset NAME` (a known preset) or `--spec FILE` names; nil for neither. A spec
    /// file that cannot be used throws an `AxisError` saying why.
    public static func chosen(preset: String?, spec: String?) throws -> RunSpec? {
        if let spec {
            do { return try SpecFile.load(path: spec) } catch { throw AxisError(error.description) }
        }
        return preset.flatMap(Presets.named)
    }
}

import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// `reproduce --with-knee`: the claim read as sustainable messages per second (saturation and latency knees),
/// measured by a load sweep into `<run>/knee/`, a section of REPORT.md.
public enum KneeReport {
    /// The load sweep of `reproduce --with-knee`: unix, tcp and udp at 64 B, three bisections.
    public static func request(run: String, idle: IdleStates) -> LoadSession.Request {
        var plan = KneeSearch.Plan()
        plan.bisections = 3
        var settings = LoadSession.defaultSettings
        settings.idle = idle
        return LoadSession.Request(
            transports: [.unix, .tcp, .udp], pattern: .stream, sizeBytes: 64, plan: plan, settings: settings,
            outputPath: "\(run)/knee", outputIsDefault: false, name: "knee"
        )
    }

    /// Measures the sweep and returns it with its section of REPORT.md.
    public static func measure(
        _ request: LoadSession.Request, step: (KneeStep, Int) -> Void = { _, _ in }, warn: (String) -> Void = { _ in }
    ) throws -> (outcome: LoadSession.Outcome, section: ReportSection) {
        let outcome = try LoadSession.run(request, step: step, warn: warn)
        let section = ReportSection.knees(outcome.estimates, bound: request.plan.bound, sweeps: request.repetitions, extent: request.settings.extent)
        return (outcome, section)
    }
}

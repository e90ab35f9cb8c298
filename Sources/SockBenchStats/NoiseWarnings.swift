import SockBenchCore
import SockBenchModel

/// Conditions that make figures less trustworthy, printed and recorded in run.json.
public enum NoiseWarnings {
    public static let maximumCoefficientOfVariation = 0.05
    public static let maximumLoadAverage = 0.5
    /// Above this share of the CPUs' time withheld by the hypervisor, a run says so.
    public static let maximumStealShare = 0.02

    /// When the hypervisor withheld more than `maximumStealShare` of the CPUs' time during the run.
    public static func steal(_ share: Double) -> String? {
        guard share > maximumStealShare else { return nil }
        return "the hypervisor withheld \(NumberFormat.percent(share)) of the CPUs' time during the run (steal, /proc/stat): other guests competed for the host, and figures measured then may not repeat"
    }

    public static func atStart(host: HostInfo, loadAverage: Double?) -> [String] {
        var warnings: [String] = []
        if let load = loadAverage, load > maximumLoadAverage {
            warnings.append("load average \(String(format: "%.2f", load)) at start (above \(maximumLoadAverage)): other work competes for the CPUs")
        }
        if host.virtualMachine {
            warnings.append("running in a virtual machine: the hypervisor adds scheduling noise")
        }
        if let governor = host.frequencyGovernor, governor != "performance" {
            warnings.append("CPU frequency governor is '\(governor)', not 'performance': clock scaling adds noise")
        }
        return warnings
    }

    /// Failed measurements, scattered repetitions and capped buffers (a missed `--target-ci` is
    /// `PrecisionTarget.shortfalls`, which knows the metric it targeted).
    public static func afterRun(_ summaries: [CellSummary]) -> [String] {
        var warnings: [String] = []
        for summary in summaries {
            let id = summary.cell.id
            if summary.failedRepetitions > 0 {
                warnings.append("\(id): \(summary.failedRepetitions) measurement(s) failed: \(summary.firstError ?? "")")
            }
            guard let main = summary.main else { continue }
            if main.n > 1 && main.coefficientOfVariation > maximumCoefficientOfVariation {
                warnings.append("\(id): msg/s varies by CV \(NumberFormat.percent(main.coefficientOfVariation)) across \(main.n) repetitions (above \(NumberFormat.percent(maximumCoefficientOfVariation)))")
            }
            if main.n > 1 && main.minimum > 0 && main.maximum / main.minimum > 1.5 {
                warnings.append("\(id): repetitions disagree wildly (max/min msg/s = \(String(format: "%.2f", main.maximum / main.minimum)))")
            }
            if let requested = summary.cell.sendBufferBytes, let effective = summary.sendBufferEffective, effective < requested {
                warnings.append("\(id): SO_SNDBUF request of \(requested) was capped by the kernel at \(effective) (net.core.wmem_max)")
            }
            if let requested = summary.cell.receiveBufferBytes, let effective = summary.receiveBufferEffective, effective < requested {
                warnings.append("\(id): SO_RCVBUF request of \(requested) was capped by the kernel at \(effective) (net.core.rmem_max)")
            }
        }
        return warnings
    }

}

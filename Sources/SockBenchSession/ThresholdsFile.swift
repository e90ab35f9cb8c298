import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore
import Yams

extension Thresholds {
    public static func load(path: String, tolerance: Double = defaultTolerance) throws(ReportError) -> Thresholds {
        guard let data = FileManager.default.contents(atPath: path) else { throw .invalid("--thresholds: cannot read \(path)") }
        return try parse(String(decoding: data, as: UTF8.self), source: path, tolerance: tolerance)
    }

    public static func parse(_ text: String, source: String = "thresholds", tolerance: Double = defaultTolerance) throws(ReportError) -> Thresholds {
        var thresholds = defaults(tolerance: tolerance)
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw .invalid("\(source): not valid YAML: \(describe(error))")
        }
        guard let root else { return thresholds }
        guard let top = root.mapping else { throw .invalid("\(SpecFile.where_(source, root)): expected a mapping with 'metrics' and/or 'skip'") }
        var named: Set<Metric> = []
        for (keyNode, value) in top {
            switch keyNode.string {
            case "metrics":
                guard let entries = value.mapping else { throw .invalid("\(SpecFile.where_(source, value)): 'metrics' must map metric names to {relative: 10%, absolute: 5}") }
                for (nameNode, entry) in entries {
                    let metric = try metricName(nameNode, source)
                    thresholds.limits[metric] = try threshold(entry, metric: metric.rawValue, source)
                    named.insert(metric)
                }
            case "skip":
                let items = value.sequence.map(Array.init) ?? (value.scalar != nil ? [value] : [])
                guard !items.isEmpty else { throw .invalid("\(SpecFile.where_(source, value)): 'skip' must list metric names such as [rtt_max_us]") }
                for item in items {
                    let metric = try metricName(item, source)
                    if named.contains(metric) { throw .invalid("\(SpecFile.where_(source, item)): '\(metric.rawValue)' is both given a threshold and skipped") }
                    thresholds.limits[metric] = nil
                }
            default:
                throw .invalid("\(SpecFile.where_(source, keyNode)): unknown key '\(keyNode.string ?? "?")'; expected metrics or skip")
            }
        }
        return thresholds
    }

    private static func metricName(_ node: Node, _ source: String) throws(ReportError) -> Metric {
        guard let name = node.scalar?.string, let metric = Metric(rawValue: name) else {
            throw .invalid("\(SpecFile.where_(source, node)): unknown metric '\(node.scalar?.string ?? "?")'; expected one of \(Metric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return metric
    }

    private static func threshold(_ node: Node, metric: String, _ source: String) throws(ReportError) -> MetricThreshold {
        guard let fields = node.mapping, !fields.isEmpty else {
            throw .invalid("\(SpecFile.where_(source, node)): '\(metric)' must be a mapping such as {relative: 10%, absolute: 5}")
        }
        var threshold = MetricThreshold()
        for (keyNode, value) in fields {
            let text = value.scalar?.string ?? ""
            switch keyNode.string {
            case "relative":
                guard let fraction = Quantities.percentage(text) else {
                    throw .invalid("\(SpecFile.where_(source, value)): '\(metric).relative' must be a percentage such as 10%, not '\(text)'")
                }
                threshold.relative = fraction
            case "absolute":
                guard let amount = Double(text), amount.isFinite, amount >= 0 else {
                    throw .invalid("\(SpecFile.where_(source, value)): '\(metric).absolute' must be a number of at least 0 in the metric's unit, not '\(text)'")
                }
                threshold.absolute = amount
            default:
                throw .invalid("\(SpecFile.where_(source, keyNode)): unknown key '\(keyNode.string ?? "?")' in '\(metric)'; expected relative or absolute")
            }
        }
        return threshold
    }

    /// Yams' message already holds `line:column`; keep its first two lines.
    private static func describe(_ error: any Error) -> String {
        "\(error)".split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.prefix(2).joined(separator: " ")
    }
}

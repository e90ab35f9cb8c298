import SockBenchCore
import SockBenchModel

/// Parses `--compare AXIS=A,B` and puts exactly A and B on that axis of the matrix.
public enum CompareOption {
    public static let form = "AXIS=A,B with AXIS one of \(CompareSpec.Axis.allCases.map(\.rawValue).joined(separator: ", ")), such as transport=unix,tcp or nodelay=on,off"

    /// `--metric rtt_p50_us,msg_per_s`: summary.csv metric names, each once.
    public static func metrics(_ text: String) throws -> [Metric] {
        let names = AxisParsing.items(text)
        guard !names.isEmpty else { throw AxisError("--metric: give one or more metric names, such as rtt_p50_us,msg_per_s") }
        var metrics: [Metric] = []
        for name in names {
            guard let metric = Metric(rawValue: name) else {
                throw AxisError("--metric: '\(name)' is not a metric; use one of \(Metric.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !metrics.contains(metric) { metrics.append(metric) }
        }
        return metrics
    }

    public static func apply(_ text: String, to axes: inout MatrixAxes, given: [String]) throws -> CompareSpec {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let axis = CompareSpec.Axis(rawValue: parts[0].trimmingCharacters(in: .whitespaces)) else {
            throw AxisError("--compare: '\(text)' is not \(form)")
        }
        let option = "--\(axis.rawValue)"
        if given.contains(option) { throw AxisError("--compare \(axis.rawValue)=… sets \(option); drop \(option)") }
        let values = AxisParsing.items(parts[1])
        guard values.count == 2, values[0] != values[1] else { throw AxisError("--compare: give two different values, as in \(form)") }
        let text = values.joined(separator: ",")
        // Sets the axis to the parsed values and spells them as `CompareSpec.value(of:)` does.
        func set<Value>(_ path: WritableKeyPath<MatrixAxes, [Value]>, _ values: [Value], _ spell: (Value) -> String) -> [String] {
            axes[keyPath: path] = values
            return values.map(spell)
        }
        let buffer = { (bytes: Int?) in bytes.map(String.init) ?? "default" }
        let spelled: [String]
        switch axis {
        case .transport: spelled = set(\.transports, try AxisParsing.transports(text), \.rawValue)
        case .size:
            // The distributions would replace the sizes compared.
            if axes.sizeDistributions != nil { throw AxisError("--compare size=… compares fixed sizes; drop --size-dist (or list the sizes as --size-dist values instead)") }
            spelled = set(\.sizes, try AxisParsing.sizes(text), String.init)
        case .sndbuf: spelled = set(\.sendBuffers, try AxisParsing.buffers(text, option: "--sndbuf"), buffer)
        case .rcvbuf: spelled = set(\.receiveBuffers, try AxisParsing.buffers(text, option: "--rcvbuf"), buffer)
        case .nodelay: spelled = set(\.noDelay, try AxisParsing.noDelay(text)) { $0 ? "on" : "off" }
        case .mode: spelled = set(\.modes, try AxisParsing.modes(text), \.rawValue)
        case .cpu: spelled = set(\.cpus, try AxisParsing.cpus(text), \.description)
        case .pairs: spelled = set(\.pairs, try AxisParsing.pairs(text), String.init)
        case .batch:
            let batches = try AxisParsing.batches(text)
            axes.batches = batches
            spelled = batches.map(String.init)
        case .idle:
            let policies = try values.map { value in
                guard let policy = IdleStates(rawValue: value) else { throw AxisError("--compare idle=…: '\(value)' is not poll or os") }
                return policy
            }
            axes.idles = policies
            spelled = policies.map(\.rawValue)
        }
        guard spelled.count == 2, spelled[0] != spelled[1] else { throw AxisError("--compare: give two different values, as in \(form)") }
        if let reason = Matrix.unsupportedAxes(axes) { throw AxisError("--compare \(axis.rawValue)=\(text): \(reason)") }
        return CompareSpec(axis: axis, a: spelled[0], b: spelled[1])
    }
}

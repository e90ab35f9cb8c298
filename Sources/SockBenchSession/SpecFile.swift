import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore
import Yams

/// A matrix in YAML:
///
///     name: ipc-latency
///     repetitions: 5
///     duration: 1s        # or count: 100000
///     warmup: 200ms
///     verify: false
///     axes:
///       transport: [unix, tcp]
///       pattern: [pingpong]
///       size: [64, 1K]
///       sndbuf: [default, 256K]
///       nodelay: [on, off]
///       rate: [10k, 50k]   # paced stream / rr, messages per second per pair; max = unpaced
///       size-dist: ["64..4K", "64:0.9,64K:0.1"]   # instead of size: one distribution per item
///
/// Unknown keys, wrong types and empty lists are errors that name the key, line and column.
public enum SpecFile {
    static let topKeys = ["name", "repetitions", "duration", "count", "warmup", "verify", "axes"]
    static let axisKeys = ["transport", "pattern", "size", "size-dist", "sndbuf", "rcvbuf", "nodelay", "mode", "cpu", "pairs", "batch", "reply-size", "writes", "reply-writes", "split-write", "quickack", "connections", "threads", "rate", "burst", "busy-poll-us", "zerocopy", "keepalive"]

    public static func load(path: String) throws(ReportError) -> RunSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .notFound("--spec: cannot read \(path)")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    public static func parse(_ text: String, source: String = "spec") throws(ReportError) -> RunSpec {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw ReportError.invalid("\(source): the spec is empty") }
            root = node
        } catch let error as ReportError {
            throw error
        } catch let error as YamlError {
            throw .invalid("\(source): not valid YAML: \(oneLine(error))")
        } catch {
            throw .invalid("\(source): not valid YAML: \(error)")
        }
        guard let top = root.mapping else { throw .invalid("\(where_(source, root)): the spec must be a mapping of keys such as axes, repetitions, duration") }

        var spec = Presets.commandLineDefault
        spec.name = "spec"
        for (keyNode, value) in top {
            guard let key = keyNode.string else { throw .invalid("\(where_(source, keyNode)): keys must be strings") }
            switch key {
            case "name":
                spec.name = try scalar(value, key, source)
            case "repetitions":
                guard let n = Int(try scalar(value, key, source)), (1...1000).contains(n) else {
                    throw .invalid("\(where_(source, value)): 'repetitions' must be a whole number from 1 to 1000")
                }
                spec.repetitions = n
            case "duration":
                let text = try scalar(value, key, source)
                if let hint = Quantities.missingDurationUnit(text) { throw .invalid("\(where_(source, value)): 'duration' \(hint)") }
                guard let ns = Quantities.duration(text), ns > 0 else { throw .invalid("\(where_(source, value)): 'duration' must be \(Quantities.durationForm)") }
                spec.settings.extent = .duration(nanoseconds: ns)
            case "count":
                guard let n = Int(try scalar(value, key, source)), n >= 1 else { throw .invalid("\(where_(source, value)): 'count' must be a whole number of at least 1") }
                spec.settings.extent = .count(n)
            case "warmup":
                let text = try scalar(value, key, source)
                if let hint = Quantities.missingDurationUnit(text) { throw .invalid("\(where_(source, value)): 'warmup' \(hint)") }
                guard let ns = Quantities.duration(text) else { throw .invalid("\(where_(source, value)): 'warmup' must be \(Quantities.durationForm)") }
                spec.settings.warmupNanoseconds = ns
            case "verify":
                guard let flag = value.bool else { throw .invalid("\(where_(source, value)): 'verify' must be true or false") }
                spec.settings.verify = flag
            case "axes":
                spec.axes = try axes(value, source)
            default:
                throw .invalid("\(where_(source, keyNode)): unknown key '\(key)'; expected one of \(topKeys.joined(separator: ", "))")
            }
        }
        return spec
    }

    private static func axes(_ node: Node, _ source: String) throws(ReportError) -> MatrixAxes {
        guard let mapping = node.mapping else { throw .invalid("\(where_(source, node)): 'axes' must be a mapping such as {transport: [unix, tcp]}") }
        var axes = MatrixAxes()
        var given: Set<String> = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string, axisKeys.contains(key) else {
                throw .invalid("\(where_(source, keyNode)): unknown axis '\(keyNode.string ?? "?")'; expected one of \(axisKeys.joined(separator: ", "))")
            }
            let items: [String]
            if let sequence = value.sequence {
                var collected: [String] = []
                for item in sequence {
                    guard let text = item.scalar?.string else { throw .invalid("\(where_(source, item)): '\(key)' must list plain values") }
                    collected.append(text)
                }
                items = collected
            } else if let text = value.scalar?.string {
                items = [text]
            } else {
                throw .invalid("\(where_(source, value)): '\(key)' must be a list such as [a, b]")
            }
            if items.isEmpty { throw .invalid("\(where_(source, value)): axis '\(key)' is empty; list at least one value") }
            let text = items.joined(separator: ",")
            given.insert(key)
            do {
                switch key {
                case "transport": axes.transports = try AxisParsing.transports(text)
                case "pattern": axes.patterns = try AxisParsing.patterns(text)
                case "size": axes.sizes = try AxisParsing.sizes(text)
                // One distribution per item: a distribution holds commas of its own.
                case "size-dist": axes.sizeDistributions = try AxisParsing.sizeDistributions(items, option: "size-dist")
                case "sndbuf": axes.sendBuffers = try AxisParsing.buffers(text, option: "sndbuf")
                case "rcvbuf": axes.receiveBuffers = try AxisParsing.buffers(text, option: "rcvbuf")
                case "nodelay": axes.noDelay = try AxisParsing.noDelay(text)
                case "mode": axes.modes = try AxisParsing.modes(text)
                case "cpu": axes.cpus = try AxisParsing.cpus(text)
                case "batch": axes.batches = try AxisParsing.batches(text)
                case "reply-size": axes.replySizes = try AxisParsing.sizes(text, option: "reply-size")
                case "writes": axes.writes = try AxisParsing.writes(text)
                case "reply-writes": axes.replyWrites = try AxisParsing.writes(text, option: "reply-writes")
                case "split-write": axes.splitWrites = try AxisParsing.splitWrites(text)
                case "quickack": axes.quickAck = try AxisParsing.quickAck(text)
                case "connections": axes.connections = try AxisParsing.connections(text)
                case "threads": axes.threads = try AxisParsing.threads(text)
                case "burst": axes.bursts = try AxisParsing.bursts(text)
                case "rate": axes.rates = try AxisParsing.rates(text)
                case "busy-poll-us": axes.busyPoll = try AxisParsing.busyPoll(text)
                case "zerocopy": axes.zeroCopy = try AxisParsing.onOff(text, option: "zerocopy")
                case "keepalive": axes.keepAlive = try AxisParsing.onOff(text, option: "keepalive")
                default: axes.pairs = try AxisParsing.pairs(text)
                }
            } catch {
                throw .invalid("\(where_(source, value)): \(error)")
            }
        }
        // The rules between axes, as on the command line (whose options the messages name).
        do {
            if given.contains("size"), given.contains("size-dist") {
                throw AxisError("'size' and 'size-dist' both set the message sizes; give one (a fixed size is a size-dist of one size, such as [2K])")
            }
            try AxisParsing.checkRates(&axes, rateGiven: given.contains("rate"), patternGiven: given.contains("pattern"))
            if let reason = Matrix.unsupportedAxes(axes) { throw AxisError(reason) }
        } catch {
            throw .invalid("\(where_(source, node)): \(error)")
        }
        return axes
    }

    private static func scalar(_ node: Node, _ key: String, _ source: String) throws(ReportError) -> String {
        guard let text = node.scalar?.string else { throw .invalid("\(where_(source, node)): '\(key)' must be a single value") }
        return text
    }

    /// `file:LINE:COLUMN` (1-based) of a node.
    static func where_(_ source: String, _ node: Node) -> String {
        guard let mark = node.mark else { return source }
        return "\(source):\(mark.line):\(mark.column)"
    }

    private static func oneLine(_ error: YamlError) -> String {
        "\(error)".split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.prefix(2).joined(separator: " ")
    }
}

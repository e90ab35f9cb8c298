import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// `check --json FILE`: the same comparison as the table, for scripts. Every comparison carries the
/// full and the short cell id, and whether it fails the check; absent values are null.
extension CheckReport {
    struct JSONDocument: Encodable {
        var format = "sockbench-check"
        var version = 1
        var baseline: String
        var current: String
        var passed: Bool
        var regression: Bool
        var summary: String
        var allowMissing: Bool
        var allowUndecided: Bool
        var hostWarnings: [String]
        var unchecked: [String]
        var machineDrift: JSONDrift?
        var comparisons: [JSONComparison]
    }

    struct JSONDrift: Encodable {
        var median: Double
        var limit: Double?
        var fails: Bool
        var detail: String?
    }

    struct JSONComparison: Encodable {
        var cell: String
        var shortCell: String
        var metric: String
        @NullWhenAbsent var baselineMedian: Double?
        @NullWhenAbsent var currentMedian: Double?
        @NullWhenAbsent var relativeChange: Double?
        @NullWhenAbsent var pValue: Double?
        var verdict: String
        var fails: Bool
        var detail: String
    }

    /// A value that encodes as `null` when absent rather than as a missing key.
    @propertyWrapper
    struct NullWhenAbsent<Value: Encodable>: Encodable {
        var wrappedValue: Value?

        init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
        }
    }

    public func json() -> String {
        let ids = shortIDs
        let document = JSONDocument(
            baseline: baselineName, current: currentName, passed: passed, regression: hasRegression, summary: summaryLine,
            allowMissing: allowMissing, allowUndecided: allowUndecided, hostWarnings: hostWarnings, unchecked: uncheckedLines,
            machineDrift: machineDrift.map { JSONDrift(median: $0.median, limit: $0.limit, fails: $0.exceeded, detail: $0.failureLine) },
            comparisons: comparisons.map { c in
                JSONComparison(
                    cell: c.cellID, shortCell: ids[id: c.cellID], metric: Self.metricName(c), baselineMedian: c.baselineMedian.flatMap(Self.finite),
                    currentMedian: c.currentMedian.flatMap(Self.finite), relativeChange: c.relativeChange.flatMap(Self.finite),
                    pValue: c.pValue.flatMap(Self.finite), verdict: c.verdict.rawValue, fails: fails(c), detail: c.detail
                )
            }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every value is a string, a bool or a finite number, so encoding cannot fail.
        return String(decoding: (try? encoder.encode(document)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }

    /// JSON has no NaN or infinity.
    static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
}

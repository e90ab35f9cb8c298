import Foundation
import SockBenchCore
import SockBenchModel

/// baseline.json: a run's per-cell results, kept in the repository so later runs can be checked
/// against them. Written pretty-printed with sorted keys so a re-baseline reads well in a diff.
///
/// Format version 1:
///
///     { "format": "sockbench-baseline", "version": 1, "name": "main",
///       "measuredAt": run start, "savedAt": save time, "source": run directory,
///       "sockbenchVersion", "gitCommit", "host": { as in run.json },
///       "cells": [ { "id": Cell.id, "axes": { transport, pattern, sizeBytes, ... },
///                    "okRepetitions", "failedRepetitions", "error",
///                    "metrics": { "msg_per_s": { "values": [one per repetition], "median" }, ... },
///                    "rttMerged": { percentiles of the merged histogram, µs } } ] }
///
/// A metric with no value in a cell (RTT of a stream) is left out. Any run directory can be read
/// into this form, which is what `check` compares.
public struct BaselineFile: Codable, Sendable {
    public static let formatName = "sockbench-baseline"
    public static let formatVersion = 1

    public var format: String
    public var version: Int
    public var name: String
    public var measuredAt: String?
    public var savedAt: String?
    /// The run directory the values come from.
    public var source: String
    public var sockbenchVersion: String?
    public var gitCommit: String?
    /// The machine the run was measured on; nil when the run has no run.json.
    public var host: HostInfo?
    public var cells: [RecordedCell]

    public init(
        format: String = formatName, version: Int = formatVersion, name: String, measuredAt: String?, savedAt: String?,
        source: String, sockbenchVersion: String?, gitCommit: String?, host: HostInfo?, cells: [RecordedCell]
    ) {
        self.format = format
        self.version = version
        self.name = name
        self.measuredAt = measuredAt
        self.savedAt = savedAt
        self.source = source
        self.sockbenchVersion = sockbenchVersion
        self.gitCommit = gitCommit
        self.host = host
        self.cells = cells
    }
}

/// One cell of a baseline: its axes, how many repetitions finished, and every metric's values.
public struct RecordedCell: Codable, Sendable {
    /// `Cell.id`: the key cells are matched by across runs.
    public var id: String
    public var axes: Cell
    public var okRepetitions: Int
    public var failedRepetitions: Int
    /// The first failure's message, when a repetition failed.
    public var error: String?
    /// Encoded as an object keyed by each metric's CSV name (`msg_per_s`).
    public var metrics: [Metric: MetricRecord]
    public var rttMerged: RoundTripSummary?
}

/// A metric's per-repetition values (in repetition order) and their median.
public struct MetricRecord: Codable, Sendable, Equatable {
    public var values: [Double]
    public var median: Double

    /// nil when no value is finite: such a metric is left out of the baseline.
    public init?(_ values: [Double]) {
        let finite = values.filter(\.isFinite)
        guard let statistics = SampleStatistics(finite) else { return nil }
        self.values = finite
        self.median = statistics.median
    }
}


extension RecordedCell {
    public init(_ summary: CellSummary) {
        var metrics: [Metric: MetricRecord] = [:]
        for (metric, values) in summary.values { metrics[metric] = MetricRecord(values) }
        self.init(
            id: summary.cell.id, axes: summary.cell, okRepetitions: summary.okRepetitions,
            failedRepetitions: summary.failedRepetitions, error: summary.firstError, metrics: metrics,
            rttMerged: summary.mergedRoundTrip
        )
    }
}

import SockBenchModel

/// `--target-ci`: more slots for the groups whose answer is still less precise than a target.
///
/// The interval targeted is the one the answer is read from: with `--compare`, the paired ratio
/// B/A of the first compared metric (`PairedRatio`); without, each cell's median of its answer
/// metric (`SampleStatistics`). The answer metric is the first of `--metric` that the cell has
/// values of, else its pattern's (`CompareSpec.defaultMetrics`: round-trip p50 for pingpong and
/// rr, one-way p50 for a paced stream, msg/s for an unpaced stream and connect).
///
/// This is a looks-based (sequential) rule: it stops when an interval looks narrow, so the
/// stated 95% is optimistic for the cells it stopped. A fixed `--repetitions` keeps its coverage.
public struct PrecisionTarget: Sendable, Hashable {
    /// Half the interval's width relative to its centre (0.02 = ±2%).
    public var relativeHalfWidth: Double
    /// `--metric`, in order; nil: each cell's pattern decides.
    public var metrics: [Metric]?

    public init(relativeHalfWidth: Double, metrics: [Metric]? = nil) {
        self.relativeHalfWidth = relativeHalfWidth
        self.metrics = metrics
    }

    /// The metric targeted for `cell`: the first of `metrics` that `cell` has a value of in
    /// `measurements`, else the first its pattern answers with.
    public func metric(for cell: Cell, in measurements: [CellMeasurement]) -> Metric {
        let pattern = CompareSpec.defaultMetrics(for: cell)[0]
        guard let metrics else { return pattern }
        return metrics.first { metric in
            measurements.contains { $0.cell == cell && $0.status == .ok && metric.value(in: $0) != nil }
        } ?? pattern
    }

    /// The metric targeted for `cell` before anything is measured (for `--dry-run`): the first of
    /// `metrics`, or the pattern's.
    public func plannedMetric(for cell: Cell) -> Metric {
        metrics?.first ?? CompareSpec.defaultMetrics(for: cell)[0]
    }

    /// How precise one group's answer is so far, and which interval that is.
    public struct Width: Sendable, Hashable {
        /// The cell the interval belongs to (with `--compare`: the B cell of the ratio).
        public var cell: Cell
        /// With `--compare`: the A cell the ratio divides by.
        public var against: Cell?
        public var metric: Metric
        /// Relative half-width; infinite while there are too few values for an interval.
        public var relativeHalfWidth: Double
    }

    /// The intervals of group `group` (indices into `cells`): with `compare`, one ratio per B cell
    /// against the group's first cell; otherwise one median per cell.
    public func widths(of group: [Int], cells: [Cell], compare: CompareSpec?, measurements: [CellMeasurement]) -> [Width] {
        let members = group.map { cells[$0] }
        if compare != nil, members.count > 1 {
            let a = members[0]
            return members.dropFirst().map { b in
                let metric = metric(for: b, in: measurements)
                let ratio = PairedRatio(
                    numerator: PairedRatio.values(of: b, in: measurements, metric.value(in:)),
                    denominator: PairedRatio.values(of: a, in: measurements, metric.value(in:)),
                    times: PairedRatio.times(of: [a, b], in: measurements)
                )
                return Width(cell: b, against: a, metric: metric, relativeHalfWidth: ratio.relativeHalfWidth)
            }
        }
        return members.map { cell in
            let metric = metric(for: cell, in: measurements)
            let values = measurements.filter { $0.cell == cell && $0.status == .ok }.compactMap(metric.value(in:))
            return Width(cell: cell, metric: metric, relativeHalfWidth: SampleStatistics(values)?.relativeHalfWidth ?? .infinity)
        }
    }

    /// The groups (indices into `groups`) with an interval still wider than the target.
    public func wideGroups(_ groups: [[Int]], cells: [Cell], compare: CompareSpec?, measurements: [CellMeasurement]) -> [Int] {
        groups.indices.filter { index in
            widths(of: groups[index], cells: cells, compare: compare, measurements: measurements)
                .contains { $0.relativeHalfWidth > relativeHalfWidth }
        }
    }

    /// One warning per interval that ended wider than the target.
    public func shortfalls(_ groups: [[Int]], cells: [Cell], compare: CompareSpec?, measurements: [CellMeasurement]) -> [String] {
        groups.flatMap { group in
            widths(of: group, cells: cells, compare: compare, measurements: measurements).compactMap { width -> String? in
                guard width.relativeHalfWidth > relativeHalfWidth else { return nil }
                let reached = width.relativeHalfWidth.isFinite ? "±" + NumberFormat.percent(width.relativeHalfWidth) : "no interval yet"
                let what = width.against.map { "\(width.cell.id) vs \($0.id): the \(width.metric.rawValue) ratio's 95% interval" }
                    ?? "\(width.cell.id): the \(width.metric.rawValue) median's 95% interval"
                return "\(what) (\(reached)) did not reach the --target-ci \(NumberFormat.percent(relativeHalfWidth))"
            }
        }
    }

    /// What `--target-ci` aims at, in one clause: "the rtt_p50_us ratio of each --compare pair" or
    /// "each cell's median of rtt_p50_us (pingpong), msg_per_s (stream)".
    public func describe(cells: [Cell], compare: CompareSpec?) -> String {
        var chosen: [String] = []
        for cell in cells {
            let name = cell.ratePerSecond != nil && cell.pattern == .stream ? "paced stream" : cell.pattern.rawValue
            let entry = "\(plannedMetric(for: cell).rawValue) (\(metrics == nil ? name : "--metric"))"
            if !chosen.contains(entry) { chosen.append(entry) }
        }
        let fallback = metrics == nil ? "" : " (a cell without it: its pattern's answer)"
        if compare != nil { return "the ratio B/A of \(chosen.joined(separator: ", ")) of each --compare pair\(fallback)" }
        return "each cell's median of \(chosen.joined(separator: ", "))\(fallback)"
    }
}

extension Metric {
    /// One-way latency of paced streams (owl_*, owl_actual_*): in summary.csv only for runs with
    /// `--rate` cells, after every other column.
    public static let oneWay: [Metric] = [
        .oneWayP50, .oneWayP90, .oneWayP99, .oneWayP999, .oneWayMaximum,
        .oneWayActualP50, .oneWayActualP90, .oneWayActualP99, .oneWayActualP999, .oneWayActualMaximum,
    ]
    /// Metrics summary.csv gained after its first layout: after the later axis columns, so the
    /// columns before them keep their places.
    public static let appended: [Metric] = [.connectP50]
    /// Every other metric, in declaration order.
    public static var unpaced: [Metric] { allCases.filter { !oneWay.contains($0) && !appended.contains($0) } }
}

import SockBenchModel

/// The rate and one-way latency columns of measurements.csv, appended after `batch`.
extension MeasurementCSV {
    static let oneWayColumns = ["owl_p50_us", "owl_p90_us", "owl_p99_us", "owl_p999_us", "owl_max_us"]
    static let oneWayActualColumns = ["owl_actual_p50_us", "owl_actual_p90_us", "owl_actual_p99_us", "owl_actual_p999_us", "owl_actual_max_us"]
    /// `rate_offered` is empty when unpaced; the owl columns are empty except for paced streams, and
    /// `owl_actual_*` holds rr round trips timed from actual send times.
    static let pacedColumns = ["rate_offered"] + oneWayColumns + oneWayActualColumns

    static func pacedFields(_ m: CellMeasurement) -> [String] {
        func percentiles(_ s: RoundTripSummary?) -> [String] {
            [s?.p50, s?.p90, s?.p99, s?.p999, s?.maximum].map { NumberFormat.fixed($0, 3) }
        }
        return [m.cell.ratePerSecond.map(String.init) ?? ""] + percentiles(m.oneWay) + percentiles(m.oneWayActual)
    }

    static func readPaced(into m: inout CellMeasurement, double: (String) -> Double?) {
        func summary(_ names: [String]) -> RoundTripSummary? {
            guard let p50 = double(names[0]) else { return nil }
            return RoundTripSummary(
                minimum: p50, mean: p50, p50: p50, p90: double(names[1]) ?? p50, p99: double(names[2]) ?? p50,
                p999: double(names[3]) ?? p50, maximum: double(names[4]) ?? p50
            )
        }
        m.oneWay = summary(oneWayColumns)
        m.oneWayActual = summary(oneWayActualColumns)
    }
}

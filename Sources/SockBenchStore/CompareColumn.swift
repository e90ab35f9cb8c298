/// The columns of compare.csv (`run --compare AXIS=A,B`: one row per comparison), in order.
public enum CompareColumn: String, CaseIterable, Hashable, Sendable {
    case axis, a, b, cell, metric, slots, ratio
    case ratioLow = "ratio_low"
    case ratioHigh = "ratio_high"
    case reading
    case bCell = "b_cell"
    case label, drift

    public var column: String { rawValue }
    public static var header: [String] { allCases.map(\.rawValue) }
}

/// The columns of compare-pairs.csv: every slot's two values and their ratio.
public enum ComparePairColumn: String, CaseIterable, Hashable, Sendable {
    case cell
    case bCell = "b_cell"
    case metric, slot
    case aValue = "a_value"
    case bValue = "b_value"
    case ratio
    /// Seconds since the run started, when the slot was measured.
    case time = "time_s"
    case label

    public var column: String { rawValue }
    public static var header: [String] { allCases.map(\.rawValue) }
}

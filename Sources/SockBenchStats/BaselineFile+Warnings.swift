extension BaselineFile {
    /// The fewest finished repetitions of any cell: what `check` has to test a change with.
    public var fewestRepetitions: Int { cells.map(\.okRepetitions).min() ?? 0 }

    /// What `baseline save` warns of: cells with failed repetitions, and too few repetitions for
    /// `check` to show any change significant.
    public var saveWarnings: [String] {
        var warnings = cells.filter { $0.failedRepetitions > 0 }.map { "\($0.id): \($0.failedRepetitions) repetition(s) failed in the baseline run" }
        if !RegressionCheck.canShowSignificance(fewestRepetitions, fewestRepetitions) {
            warnings.append("with \(fewestRepetitions) repetitions no change can be shown significant; check needs \(RegressionCheck.repetitionsNeeded) per cell")
        }
        return warnings
    }
}

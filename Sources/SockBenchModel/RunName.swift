/// The names of runs and baselines, which become directory names (`results/<time>-<name>`,
/// `baselines/<name>`): letters, digits, '-', '_' and '.', and no leading '.' (a hidden
/// directory, `.` or `..`).
public enum RunName {
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// The one-line error for an invalid name given with `option`.
    public static func problem(_ name: String, option: String = "--name") -> String {
        "\(option): '\(name)' may hold only letters, digits, '-', '_' and '.', and not start with '.'"
    }
}

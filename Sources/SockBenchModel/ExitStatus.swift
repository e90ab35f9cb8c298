/// The statuses sockbench exits with (sysexits where one fits, as swift-argument-parser does).
/// `--help` prints its EXIT STATUS section from here, and the test compares that section and
/// README's table with this list.
public enum ExitStatus: Int32, CaseIterable, Sendable {
    case success = 0
    /// A measurement failed, or check found a regression or could not check.
    case failure = 1
    /// EX_USAGE.
    case usage = 64
    /// EX_DATAERR.
    case malformedInput = 65
    /// EX_NOINPUT.
    case inputNotFound = 66
    /// EX_NOHOST.
    case unknownHost = 68
    /// EX_UNAVAILABLE.
    case workersUnavailable = 69
    /// EX_IOERR.
    case cannotWrite = 74
    /// 128 + SIGINT; a SIGTERM gives 128 + SIGTERM (143), as a shell reports a killed process.
    case interrupted = 130

    /// What `--help` says about it, as the lines it prints.
    public var helpLines: [String] {
        switch self {
        case .success: ["success"]
        case .failure: [
            "a measurement failed, or check found a regression, had nothing to",
            "compare or could not check (missing cells, too few repetitions)",
        ]
        case .usage: [
            "invalid usage, option value or spec (EX_USAGE); every error line",
            "starts with \"sockbench: \"",
        ]
        case .malformedInput: ["malformed run, baseline or thresholds file (EX_DATAERR)"]
        case .inputNotFound: ["baseline or run directory not found (EX_NOINPUT)"]
        case .unknownHost: ["--server-address names a host that does not resolve (EX_NOHOST)"]
        case .workersUnavailable: [
            "a run across hosts could not start its workers: the launcher failed,",
            "sent no hello in time, or runs another sockbench (EX_UNAVAILABLE)",
        ]
        case .cannotWrite: [
            "output could not be written, or --output holds a run or other files",
            "(EX_IOERR)",
        ]
        case .interrupted: [
            "interrupted by SIGINT (143: SIGTERM): run, load and calibrate keep the",
            "finished measurements and mark run.json interrupted;",
            "run --resume finishes a run",
        ]
        }
    }

    /// The EXIT STATUS section of `--help`: each status, then its lines indented under it.
    public static var helpSection: String {
        allCases.flatMap { status in
            let code = String(status.rawValue)
            return status.helpLines.enumerated().map { index, line in
                (index == 0 ? "  " + code + String(repeating: " ", count: 5 - code.count) : String(repeating: " ", count: 7)) + line
            }
        }.joined(separator: "\n")
    }
}

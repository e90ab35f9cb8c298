import Foundation
import Testing

/// Durations, percentages and single byte counts are typed options: the model type parses the text
/// once, and a value that does not parse fails at parse time with the model's reason after the
/// option's name; a value out of the option's range fails in the session, naming the option. Either
/// way: exit 64, one first line that says what was wrong and how to write it, nothing written.
@Suite struct TypedQuantityTests {
    static let cases: [(arguments: [String], mentions: String)] = [
        (["run", "--warmup", "soon"], "'--warmup <duration>': use a positive duration with a unit, such as 500ms, 2s or 1m"),
        (["run", "--target-ci", "2"], "'--target-ci <percent>': use a percentage with its % sign, such as 10% or 2.5%"),
        (["run", "--target-ci", "100%"], "--target-ci: invalid value '100%'; use a percentage such as 2%"),
        (["run", "--connect-timeout", "5"], "'--connect-timeout <duration>': '5' has no unit; write 5ms"),
        (["run", "--connect-timeout", "0"], "--connect-timeout: '0' is no time at all"),
        (["run", "--duration", "0"], "--duration: '0' is no time at all"),
        (["reproduce", "--budget", "30"], "'--budget <duration>': '30' has no unit; write 30ms"),
        (["reproduce", "--budget", "2s"], "--budget: '2s' is not a duration from 5s to 1h"),
        (["reproduce", "--duration", "0"], "--duration: '0' is no time at all"),
        (["load", "--size", "64,1K"], "'--size <bytes>': give one size, not a list"),
        (["load", "--size", "0"], "'--size <bytes>': use a positive byte count"),
        (["load", "--size", "1G"], "--size: 1073741824 is outside 1 byte"),
        (["load", "--step-duration", "0"], "--step-duration: '0' is no time at all"),
        (["load", "--warmup", "1"], "'--warmup <duration>': '1' has no unit"),
        (["check", "--baseline", "b", "--current", "c", "--tolerance", "3"], "'--tolerance <percent>': use a percentage with its % sign"),
        (["check", "--baseline", "b", "--current", "c", "--max-drift", "0.2"], "'--max-drift <percent>': use a percentage with its % sign"),
        (["calibrate", "--tolerance", "3"], "'--tolerance <percent>': use a percentage with its % sign"),
        (["calibrate", "--tolerance", "0%"], "--tolerance: invalid value '0%'; use a percentage such as 3%"),
    ]

    @Test(arguments: cases)
    func isRejectedWithTheReason(arguments: [String], mentions: String) throws {
        let result = try CLIProcess.refusal(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.firstLine.hasPrefix("sockbench: "), "\(arguments): \(result.stderr)")
        #expect(result.firstLine.contains(mentions), "\(arguments): \(result.firstLine)")
        #expect(!result.wroteOutput, "nothing written for \(arguments)")
    }

    /// The whole line for the mistake the typed duration exists for: a bare number is refused.
    @Test func aBareNumberSaysWhichUnitToWrite() throws {
        let result = try CLIProcess.run(["run", "--duration", "200", "--dry-run"])
        #expect(result.status == 64)
        let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first == "sockbench: The value '200' is invalid for '--duration <duration>': '200' has no unit; write 200ms, or seconds or minutes such as 2s or 1m", "\(result.stderr)")
    }

    /// Good values reach the plan as typed (a fraction of a second, a zero warmup, a decimal
    /// percentage), and the defaults the options no longer declare are still in --help.
    @Test func goodValuesAndDefaultsAreKept() throws {
        let dry = try CLIProcess.run([
            "run", "--dry-run", "--transport", "unix", "--size", "64", "--duration", "1.5s", "--warmup", "0",
            "--target-ci", "2.5%", "--mode", "timeout", "--timeout", "100ms",
        ])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("--target-ci 2.5%"), "\(dry.stdout)")
        let check = try CLIProcess.run(["check", "--help"])
        #expect(check.stdout.contains("(default: 10%)"), "\(check.stdout)")
        let calibrate = try CLIProcess.run(["calibrate", "--help"])
        #expect(calibrate.stdout.contains("(default: 3%)"), "\(calibrate.stdout)")
    }
}

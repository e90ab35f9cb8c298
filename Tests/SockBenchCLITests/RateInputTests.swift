import Foundation
import Testing

/// Bad --rate, --pattern rr and load inputs: exit 64 before any worker starts, one line naming the
/// option and the accepted form, and no output directory created.
@Suite struct RateInputTests {
    static let cases: [(arguments: [String], mentions: String)] = [
        (["run", "--pattern", "stream", "--rate", "0"], "--rate: invalid value '0'; use messages per second"),
        (["run", "--pattern", "stream", "--rate", "-5k"], "--rate"),
        (["run", "--pattern", "stream", "--rate", "fast"], "--rate: invalid value 'fast'"),
        (["run", "--pattern", "stream", "--rate", "101M"], "from 1 to 100M"),
        (["run", "--pattern", "stream", "--rate", "1.5"], "--rate"),
        (["run", "--pattern", "pingpong", "--rate", "10k"], "--pattern rr"),
        (["run", "--pattern", "rr"], "needs --rate"),
        // calibrate compares paced stream and rr too, and refuses a rate the pattern cannot take.
        (["calibrate", "--pattern", "pingpong", "--rate", "10k"], "--rate"),
        (["load", "--slo", "p98=1ms"], "--slo"),
        (["load", "--slo", "p99=200"], "--slo"),
        (["load", "--start-rate", "0"], "--start-rate"),
        (["load", "--pattern", "pingpong"], "--pattern"),
        (["load", "--size", "16"], "24-byte header"),
        (["load", "--nodelay", "maybe"], "--nodelay: invalid value 'maybe'"),
        (["load", "--transport", "unix", "--nodelay", "off"], "--nodelay: TCP_NODELAY applies only"),
    ]

    @Test(arguments: cases)
    func isRejectedWithOneClearLine(arguments: [String], mentions: String) throws {
        let result = try CLIProcess.refusal(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.firstLine.hasPrefix("sockbench: "), "\(arguments): \(result.stderr)")
        #expect(result.firstLine.contains(mentions), "\(arguments): \(result.firstLine)")
        #expect(!result.wroteOutput, "nothing written for \(arguments)")
    }

    /// `max` is the unpaced stream; a rate without --pattern measures the paced stream only.
    @Test func rateListPlansPacedAndUnpacedCells() throws {
        let result = try CLIProcess.run(["run", "--transport", "unix", "--rate", "10k,max", "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout + result.stderr
        #expect(text.contains("rate=10000"), "\(text)")
        #expect(!text.contains("pingpong"), "\(text)")
    }

    /// A rate no sender reaches is measured, not refused: the row is ok, its rate_offered is the
    /// offered rate, and a warning says achieved < offered.
    @Test func anUnreachableRateIsMeasuredWithAWarning() throws {
        let scratch = Scratch.directory()
        defer { Scratch.remove(scratch) }
        let output = scratch + "/run"
        let result = try CLIProcess.run([
            "run", "--transport", "unix", "--pattern", "stream", "--rate", "100M", "--duration", "200ms", "--warmup", "0",
            "--repetitions", "1", "--output", output, "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning:") && result.stderr.contains("below the offered 100000000 msg/s"), "\(result.stderr)")
        let csv = try String(contentsOfFile: output + "/measurements.csv", encoding: .utf8)
        #expect(csv.contains(",ok,achieved "), "\(csv)")
        #expect(csv.contains(",100000000,"), "\(csv)")
    }
}

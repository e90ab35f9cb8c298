import Foundation
@testable import SockBenchRunner
import Testing

/// `sockbench calibrate` refuses bad input before any worker starts: exit 64 and one line naming
/// the option (run as a user would, through the built binary).
@Suite struct CalibrateCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Coordinator.defaultWorkerExecutable())
        process.arguments = ["calibrate"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let cases: [(arguments: [String], mentions: String)] = [
        (["--mode", "turbo"], "--mode"),
        (["--transport", "fifo"], "--transport"),
        (["--size", "0"], "--size"),
        (["--cpu", "7+9"], "--cpu"),
        (["--tolerance", "-1%"], "--tolerance"),
        (["--repetitions", "0"], "--repetitions"),
        (["--duration", "soon"], "--duration"),
        (["--transport", "udp", "--size", "64K"], "nothing to calibrate"),
        // The options are run's; the ones the C loops cannot honour are refused.
        (["--batch", "4"], "--batch"),
        (["--verify"], "--verify"),
        (["--target-ci", "2%"], "--target-ci"),
        (["--tolerance", "3"], "--tolerance"),
        (["--name", ".hidden"], "--name"),
        (["--busy-poll-us", "50"], "--busy-poll-us: the C reference loops"),
        (["--zerocopy", "on"], "--zerocopy: the C reference loops"),
        (["--keepalive", "on,off"], "--keepalive: the C reference loops"),
        (["--size-dist", "64..4K"], "--size-dist: the C reference loops send one fixed size"),
    ]

    @Test(arguments: cases)
    func badInputExitsWithUsageBeforeMeasuring(arguments: [String], mentions: String) throws {
        let directory = NSTemporaryDirectory() + "sbcal-cli-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.run(arguments + ["--output", directory])
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(mentions), "\(arguments): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}

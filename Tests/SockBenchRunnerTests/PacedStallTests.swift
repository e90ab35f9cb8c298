import Foundation
import Glibc
import Histogram
import ProcessProbe
@testable import SockBenchModel
@testable import SockBenchRunner
import Testing

/// Coordinated omission made visible: both workers of a paced stream are stopped for 200 ms in the
/// middle of a 1 s run at 10 000 msg/s. Every message scheduled during the stall is late by up to
/// 200 ms from its intended send time; from its actual send time (the catch-up burst) it is not.
@Suite(.serialized) struct PacedStallTests {
    @Test func stallShowsInTheIntendedTimeHistogram() throws {
        let coordinator = try Coordinator(executable: Coordinator.defaultWorkerExecutable(), idle: .os)
        let cell = Cell(transport: .unix, pattern: .stream, sizeBytes: 64, ratePerSecond: 10_000)
        let settings = MeasurementSettings(
            warmupNanoseconds: 100_000_000, extent: .duration(nanoseconds: 1_000_000_000), verify: true,
            idleTimeoutNanoseconds: 3_000_000_000
        )
        let measurement = BackgroundMeasurement(coordinator, cell: cell, settings: settings)
        var workers: [pid_t] = []
        ProcessProbe.waitUntil(seconds: 10) {
            workers = coordinator.activeWorkerPIDs
            return workers.count >= 2
        }
        #expect(workers.count == 2)
        // Set up when both hold their sockets; the run starts at once, so 300 ms later it is past
        // the 100 ms warmup and inside the measured second, where the 200 ms stall goes.
        #expect(ProcessProbe.waitUntilHoldingSockets(workers), "the workers set up the measurement")
        usleep(300_000)
        for pid in workers { kill(pid, SIGSTOP) }
        usleep(200_000)
        for pid in workers { kill(pid, SIGCONT) }
        let m = measurement.result()

        #expect(m.status == .ok, "\(m.error ?? "")")
        let intended = try #require(m.oneWayHistogram)
        let actual = try #require(m.oneWayActualHistogram)
        let late = Self.count(intended, atLeast: 50_000_000)
        let lateActual = Self.count(actual, atLeast: 50_000_000)
        print("stall test: intended p50 \(Self.us(intended, 50)) p90 \(Self.us(intended, 90)) p99 \(Self.us(intended, 99)) p99.9 \(Self.us(intended, 99.9)) max \(Double(intended.max) / 1000) µs; \(late) of \(intended.totalCount) samples ≥ 50 ms")
        print("stall test: actual   p50 \(Self.us(actual, 50)) p90 \(Self.us(actual, 90)) p99 \(Self.us(actual, 99)) p99.9 \(Self.us(actual, 99.9)) max \(Double(actual.max) / 1000) µs; \(lateActual) of \(actual.totalCount) samples ≥ 50 ms")
        #expect(late >= 1_000, "intended-time histogram: \(late) samples of 50 ms or more")
        #expect(late > lateActual, "the actual-time histogram hides the stall: \(lateActual) samples of 50 ms or more")
        #expect(intended.totalCount == actual.totalCount)
        #expect(Int(intended.totalCount) == m.messages)
        // The schedule was kept: the sender never skipped the stalled slots.
        #expect(m.messages >= 9_000, "\(m.messages) messages in a second at 10 000 msg/s")
        // The receiver's ten 100 ms windows (by actual send time, so one the stall covers entirely
        // holds no message and is left out): the stall is in a few of them, the typical one (what
        // `load` judges its latency knee on) is free of it, and the halves of the backlog test are there.
        let windows = try #require(m.windows)
        #expect(windows.count >= 8 && windows.count <= 10, "\(windows.count) windows")
        let stalled = windows.filter { $0.p99 >= 50_000 }.count
        #expect(stalled >= 1 && stalled <= 4, "\(stalled) of 10 windows with p99 ≥ 50 ms: \(windows.map(\.p99))")
        let whole = try #require(m.oneWay)
        let typical = WindowedLatency(whole: whole, windows: windows).typical(.p99)
        #expect(whole.p99 >= 50_000 && typical < 50_000, "whole-run p99 \(whole.p99) µs, typical window \(typical) µs")
        #expect(m.halves != nil)
    }

    static func count(_ histogram: Histogram<UInt64>, atLeast threshold: UInt64) -> UInt64 {
        histogram.recordedValues().filter { $0.value >= threshold }.reduce(0) { $0 + $1.count }
    }

    static func us(_ histogram: Histogram<UInt64>, _ percentile: Double) -> Double {
        Double(histogram.valueAtPercentile(percentile)) / 1000
    }
}

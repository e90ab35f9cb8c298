import Testing
@testable import SockBenchCore

@Suite struct SequenceTrackerTests {
    @Test func countsUniqueReorderedAndDuplicated() {
        var tracker = SequenceTracker()
        for s: UInt64 in [10, 11, 13, 12, 13, 14, 9, 20] { tracker.record(s) }
        let report = tracker.report
        #expect(report.firstSequence == 10)
        #expect(report.highestSequence == 20)
        #expect(report.uniqueReceived == 6)  // 10 11 13 12 14 20
        #expect(report.reordered == 1)       // 12 after 13
        #expect(report.duplicated == 1)      // 13 again
        // 9 precedes the window (a late warmup message) and is ignored.
    }

    @Test func payloadDetectsAWrongMessage() {
        let size = 100
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        defer { buffer.deallocate() }
        Payload.fill(buffer, count: size, sequence: 7)
        #expect(Payload.matches(buffer, count: size, sequence: 7))
        #expect(!Payload.matches(buffer, count: size, sequence: 8))
        buffer.storeBytes(of: 0xFF, toByteOffset: 50, as: UInt8.self)
        #expect(!Payload.matches(buffer, count: size, sequence: 7))
    }
}

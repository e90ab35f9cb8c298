import Foundation
import SockBenchModel
import SockBenchReport
import SockBenchStats
import Testing

/// How REPORT.md names what widened an interval: two modes, or a transport whose slots disagree.
@Suite struct TwoModesReportTests {
    /// REPORT.md's Precision line names both modes and the transport that switched.
    @Test func precisionNamesTheModesAndTheSide() throws {
        var unix: [Int: Double] = [:], tcp: [Int: Double] = [:]
        for slot in 1...50 {
            unix[slot] = 750_000 * (1 + 0.01 * Double(slot % 5))
            tcp[slot] = (slot % 4 == 0 ? 1_500_000.0 : 200_000.0) * (1 + 0.01 * Double(slot % 7))
        }
        let text = try #require(ClaimReport.modesText(PairedRatio(numerator: unix, denominator: tcp)))
        #expect(text.contains("two modes"))
        #expect(text.contains("TCP at"))
        #expect(!text.contains("AF_UNIX at"))
    }

    /// A side whose slots range more than 2× is named with its range; a steady side is not.
    @Test func spreadNamesTheSideThatDisagrees() throws {
        var unix: [Int: Double] = [:], tcp: [Int: Double] = [:]
        for slot in 1...40 {
            unix[slot] = 750_000 + Double(slot)
            tcp[slot] = 160_000 * Foundation.pow(1.06, Double(slot))
        }
        let text = try #require(ClaimReport.spreadText(PairedRatio(numerator: unix, denominator: tcp)))
        #expect(text.hasPrefix("TCP's msg/s ranged"))
        #expect(!text.contains("AF_UNIX"))
        #expect(!text.contains("machine"))
        let steady = unix.mapValues { _ in 750_000.0 }
        #expect(ClaimReport.spreadText(PairedRatio(numerator: steady, denominator: steady)) == nil)
        let both = try #require(ClaimReport.spreadText(PairedRatio(numerator: tcp, denominator: tcp)))
        #expect(both.contains("both transports changed speed"))
    }
}

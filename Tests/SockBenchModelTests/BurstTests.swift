@testable import SockBenchCore
@testable import SockBenchModel
import Testing

/// `--burst`: the schedule keeps the offered rate and groups slots; the rule table applies it to paced cells only.
struct BurstTests {
    @Test func aBurstSendsItsMessagesAtTheFirstSlotAndKeepsTheRate() {
        let even = Pacer(start: 1_000, ratePerSecond: 50_000)
        let bursty = Pacer(start: 1_000, ratePerSecond: 50_000, burst: 16)
        #expect((0..<16).map { bursty.slot(UInt64($0)) } == Array(repeating: 1_000, count: 16))
        #expect(bursty.slot(16) == even.slot(16) && bursty.slot(16) == 1_000 + 16 * 20_000)
        #expect(bursty.slot(50_000) == even.slot(50_000))
    }

    @Test func burstsApplyToPacedCellsAndCollapseElsewhere() {
        var axes = MatrixAxes(transports: [.unix], patterns: [.stream, .pingpong], sizes: [64], rates: [50_000])
        axes.bursts = [1, 16]
        let plan = Matrix.expand(axes)
        #expect(plan.cells.map(\.burst) == [nil, 16, nil])
        #expect(plan.cells.last?.pattern == .pingpong)
        #expect(plan.notes.contains { $0.hasPrefix("--burst applies to paced cells") })
    }
}

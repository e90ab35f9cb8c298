import Foundation
import SockBenchModel
import SockBenchStats
import Testing

/// Two modes: found where a measurement switches between two states, rarely claimed where it does not.
@Suite struct TwoModesTests {
    /// One-mode samples of the sizes reproduce has (30–200 slots), in shapes the slots take:
    /// normal, heavy-tailed (t with 3 degrees of freedom) and skewed (exponential) on the log scale.
    @Test(arguments: [30, 50, 200])
    func oneModeIsRarelyCalledTwo(count: Int) {
        var normal = DriftCoverageTests.Normal(generator: SeededGenerator(seed: 2026_12_03 + UInt64(count)))
        let shapes: [(String, (inout DriftCoverageTests.Normal) -> Double)] = [
            ("normal", { $0.next() * 0.3 }),
            ("t3", { n in
                let z = n.next(), chi = (n.next() * n.next() + n.next() * n.next() + n.next() * n.next()) / 3
                return 0.1 * z / chi.squareRoot()
            }),
            ("exponential", { -0.3 * Foundation.log(max(Double.leastNonzeroMagnitude, $0.uniform())) }),
        ]
        for (name, draw) in shapes {
            let trials = 400
            let alarms = (0..<trials).filter { _ in
                TwoModes((0..<count).map { _ in Foundation.exp(draw(&normal)) }) != nil
            }.count
            #expect(Double(alarms) / Double(trials) < (count < 50 ? 0.05 : 0.03), "\(name), \(count) values: \(alarms) of \(trials) called two-moded")
        }
    }

    /// The shape seen on the development VM: TCP's stream at ~200 000 msg/s in most slots, ~1.5 M in the rest.
    @Test func aMixtureFiveTimesApartIsFound() throws {
        var normal = DriftCoverageTests.Normal(generator: SeededGenerator(seed: 7))
        let values = (0..<50).map { i in (i % 5 == 0 ? 1_500_000.0 : 200_000.0) * Foundation.exp(0.1 * normal.next()) }
        let modes = try #require(TwoModes(values))
        #expect(abs(modes.upperShare - 0.2) < 0.001)
        #expect(modes.factor > 5 && modes.factor < 10)
        #expect(modes.lower > 150_000 && modes.lower < 250_000)
    }

    @Test func tooFewValuesAreNeverSplit() {
        let values = (0..<29).map { $0 % 3 == 0 ? 10.0 : 1.0 }
        #expect(TwoModes(values) == nil)
    }
}

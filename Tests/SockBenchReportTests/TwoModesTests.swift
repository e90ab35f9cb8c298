import Foundation
import SockBenchModel
import SockBenchReport
import SockBenchStats
import Testing

/// Two modes: found where a measurement switches between two states, rarely claimed where it does not.
@Suite struct TwoModesTests {
    /// Standard normal draws (Box–Muller) and uniforms from a seeded generator.
    struct Normal {
        var generator: SeededGenerator
        mutating func next() -> Double {
            let u = max(Double.leastNonzeroMagnitude, Double.random(in: 0..<1, using: &generator))
            return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * Double.random(in: 0..<1, using: &generator))
        }
        mutating func uniform() -> Double { Double.random(in: 0..<1, using: &generator) }
    }

    /// One-mode samples of the sizes reproduce has (30–200 slots), in shapes the slots take:
    /// normal, heavy-tailed (t with 3 degrees of freedom) and skewed (exponential) on the log scale.
    @Test(arguments: [30, 50, 200])
    func oneModeIsRarelyCalledTwo(count: Int) {
        var normal = Normal(generator: SeededGenerator(seed: 2026_12_03 + UInt64(count)))
        let shapes: [(String, (inout Normal) -> Double)] = [
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
        var normal = Normal(generator: SeededGenerator(seed: 7))
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

    /// REPORT.md's Precision line names both modes and the transport that switched.
    @Test func precisionNamesTheModesAndTheSide() throws {
        var normal = Normal(generator: SeededGenerator(seed: 11))
        var unix: [Int: Double] = [:], tcp: [Int: Double] = [:]
        for slot in 1...50 {
            unix[slot] = 750_000 * Foundation.exp(0.05 * normal.next())
            tcp[slot] = (slot % 4 == 0 ? 1_500_000.0 : 200_000.0) * Foundation.exp(0.05 * normal.next())
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

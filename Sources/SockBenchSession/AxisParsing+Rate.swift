import SockBenchCore
import SockBenchModel

extension AxisParsing {
    public static let rateForm = "messages per second per pair from 1 to 100M, such as 10k,50k,200k (k = 1000, M = 10^6), or max (unpaced)"

    /// `--rate`: offered messages per second per pair; `max` (nil) is an unpaced stream.
    public static func rates(_ text: String) throws -> [Int?] {
        try parse(text, option: "--rate", form: rateForm) { item -> Int?? in
            if item == "max" { return .some(nil) }
            guard let rate = rate(item), rate >= 1, rate <= Matrix.maximumRatePerSecond else { return nil }
            return .some(rate)
        }
    }

    /// `50k` = 50 000, `2M` = 2 000 000, `1.5k` = 1500; nil for anything else.
    public static func rate(_ text: String) -> Int? {
        var number = Substring(text)
        var scale = 1.0
        switch number.last {
        case "k", "K": scale = 1e3; number = number.dropLast()
        case "M", "m": scale = 1e6; number = number.dropLast()
        default: break
        }
        guard let value = Double(number), value.isFinite, value > 0 else { return nil }
        let rate = value * scale
        guard rate <= 1e9, rate == rate.rounded() else { return nil }
        return Int(rate)
    }

    /// The rules between --rate and --pattern, checked before anything runs.
    public static func checkRates(_ axes: inout MatrixAxes, rateGiven: Bool, patternGiven: Bool) throws {
        let paced = (axes.rates ?? []).contains { $0 != nil }
        if paced, axes.patterns.contains(.pingpong) {
            if !patternGiven {
                axes.patterns = [.stream]
            } else {
                throw AxisError("--rate: pingpong is closed-loop (one message in flight) and takes no rate; use --pattern rr for open-loop request/response at a rate, or stream")
            }
        }
        if axes.patterns.contains(.rr), !paced {
            throw AxisError("--pattern rr sends on a schedule and needs --rate, such as --rate 10k,50k")
        }
    }
}

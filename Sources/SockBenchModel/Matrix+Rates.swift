import SockBenchCore

extension Matrix {
    /// The highest offered rate sockbench accepts, messages per second per pair.
    public static let maximumRatePerSecond = 100_000_000

    /// Why a job with this pattern and offered rate cannot run, or nil when it can. The one statement
    /// of the rule: the matrix skips such cells and a worker refuses such a job. `sizeBytes`: the
    /// smallest message (`--size-dist` draws several), which must hold the paced header.
    public static func unsupportedRate(_ pattern: Pattern, ratePerSecond: Int?, sizeBytes: Int) -> String? {
        switch (pattern, ratePerSecond) {
        case (.pingpong, .some):
            return "pingpong is closed-loop (one message in flight) and takes no rate; use --pattern rr for open-loop request/response"
        case (.rr, nil):
            return "rr sends on a schedule and needs a rate such as --rate 10k"
        case (_, .some(let rate)) where rate < 1 || rate > maximumRatePerSecond:
            return "rate \(rate) outside 1...\(maximumRatePerSecond) messages per second"
        case (_, .some) where sizeBytes < PacedHeader.bytes:
            return "paced messages carry a \(PacedHeader.bytes)-byte header (sequence, intended and actual send time); use a size of at least \(PacedHeader.bytes)"
        default:
            return nil
        }
    }

    /// Multiplies stream and rr cells by the rate axis. Ping-pong keeps no rate; paced cells take no
    /// batch (one message per slot).
    static func applyRates(_ rates: [Int?]?, to cells: [Cell]) -> (cells: [Cell], skipped: [SkippedCombination]) {
        var result: [Cell] = []
        var skipped: [SkippedCombination] = []
        for cell in cells {
            guard cell.pattern != .pingpong else {
                result.append(cell)
                continue
            }
            for rate in rates ?? [nil] {
                var paced = cell
                paced.ratePerSecond = rate
                if rate != nil { paced.batch = nil }
                if let reason = unsupportedRate(cell.pattern, ratePerSecond: rate, sizeBytes: cell.smallestBytes)
                    ?? unsupportedPacing(cell.transport, ratePerSecond: rate) {
                    let label = "\(cell.transport.rawValue) \(cell.pattern.rawValue) \(cell.sizeLabel) rate=\(rate.map(String.init) ?? "max")"
                    if !skipped.contains(where: { $0.combination == label }) { skipped.append(.init(combination: label, reason: reason)) }
                    continue
                }
                if !result.contains(paced) { result.append(paced) }
            }
        }
        return (result, skipped)
    }
}

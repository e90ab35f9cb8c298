import SockBenchModel

/// Where one condition's AF_UNIX/TCP ratio stands against the claimed ratio: one region of the ratio
/// axis when the ratio's whole interval lies in it, otherwise undecided.
public enum ClaimVerdict: String, Sendable, Codable, CaseIterable {
    case inverted = "TCP faster: claim inverted"
    case even = "about the same"
    case weaker = "AF_UNIX faster, by less than claimed"
    /// Near the claimed ratio; `text` says which (`ClaimPlan.claimedRatioText`).
    case holds = "near the claimed ratio"
    case stronger = "AF_UNIX faster, by more than claimed"
    /// The interval crosses a region boundary: `ClaimRow.candidates` names the regions.
    case undecided
    case missing = "not measured"

    /// The regions, split at `ClaimPlan.ratioBoundaries` (AF_UNIX msg/s over TCP msg/s).
    public static let regions = RatioRegions<ClaimVerdict>(
        boundaries: ClaimPlan.ratioBoundaries, regions: [.inverted, .even, .weaker, .holds, .stronger]
    )

    /// How the verdict reads in tables and reports: the claimed ratio comes from ClaimPlan.
    public var text: String {
        self == .holds ? "near the claimed \(ClaimPlan.claimedRatioText)x" : rawValue
    }

    /// `[0.9, 1.1)` style range of a region, for tables.
    public var range: String? {
        guard let index = Self.regions.regions.firstIndex(of: self) else { return nil }
        let b = Self.regions.boundaries
        let low = index == 0 ? "" : NumberFormat.fixed(b[index - 1], 1)
        let high = index == b.count ? "" : NumberFormat.fixed(b[index], 1)
        return low.isEmpty ? "< \(high)" : high.isEmpty ? "> \(low)" : "\(low)–\(high)"
    }
}

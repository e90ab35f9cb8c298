/// The ratio axis split into regions that do not overlap, so that a verdict is stated only where an
/// interval supports it: a ratio whose whole interval lies in one region gets that region; one whose
/// interval crosses a boundary is undecided between the regions it touches.
public struct RatioRegions<Region: Hashable & Sendable>: Sendable {
    /// Ascending boundaries; region i covers [boundaries[i-1], boundaries[i]).
    public var boundaries: [Double]
    /// One more region than boundaries.
    public var regions: [Region]

    public init(boundaries: [Double], regions: [Region]) {
        precondition(regions.count == boundaries.count + 1 && boundaries == boundaries.sorted())
        self.boundaries = boundaries
        self.regions = regions
    }

    /// The region holding `value`.
    public func region(of value: Double) -> Region {
        regions[boundaries.firstIndex { value < $0 } ?? boundaries.count]
    }

    /// The regions an interval [low, high] touches, in ascending order: one when it is decided.
    public func regions(low: Double, high: Double) -> [Region] {
        let first = boundaries.firstIndex { low < $0 } ?? boundaries.count
        let last = boundaries.firstIndex { high < $0 } ?? boundaries.count
        return Array(regions[first...max(first, last)])
    }
}

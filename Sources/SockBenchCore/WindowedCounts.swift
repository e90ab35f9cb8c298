import Histogram

/// Latency counters for a measured interval cut into `count` equal windows by send time: a paced
/// receiver (or an rr client) records each latency from the intended send time into the window its
/// message was sent in. `load` judges its latency knee on a typical window, so that one stall of
/// the VM, which touches one or two 30 ms windows of a 300 ms step, does not decide the step's p99;
/// the halves of the backlog test are the first and the last `count / 2` windows.
///
/// One allocation before the clock starts; recording is an index computation and an increment.
public struct WindowedCounts: ~Copyable {
    /// Ten windows: 30 ms each in `load`'s 300 ms steps.
    public static let count = 10
    private let counts: UnsafeMutablePointer<UInt64>
    private let minimum: UnsafeMutablePointer<UInt64>
    private let maximum: UnsafeMutablePointer<UInt64>
    /// Where the first window starts (ns, the clock of the send times); set by `begin(at:)` when
    /// it is known only once measuring starts.
    var start: UInt64
    private var length: UInt64

    /// Windows of `span / count` ns from `start`; a `span` of `.max` (no known end) puts everything into the first.
    init(start: UInt64 = 0, span: UInt64) {
        self.start = start
        length = span == .max ? .max : max(1, span / UInt64(Self.count))
        counts = .allocate(capacity: Self.count * RoundTripCounts.length)
        counts.initialize(repeating: 0, count: Self.count * RoundTripCounts.length)
        minimum = .allocate(capacity: Self.count)
        minimum.initialize(repeating: .max, count: Self.count)
        maximum = .allocate(capacity: Self.count)
        maximum.initialize(repeating: 0, count: Self.count)
    }

    /// Windows of `span / count` ns from `start`, for a loop that learns its interval after allocating.
    mutating func begin(at start: UInt64, span: UInt64) {
        self.start = start
        length = span == .max ? .max : max(1, span / UInt64(Self.count))
    }

    deinit {
        counts.deallocate()
        minimum.deallocate()
        maximum.deallocate()
    }

    /// Records `value` (ns) for a message sent at `sentAt`; values past the histogram's range are
    /// counted by the whole interval's counters, not here.
    @inline(__always)
    mutating func record(_ value: UInt64, sentAt: UInt64) {
        let offset = sentAt > start ? sentAt &- start : 0
        let window = Int(min(offset / length, UInt64(Self.count - 1)))
        guard let index = RoundTripCounts.index(of: value) else { return }
        counts[window &* RoundTripCounts.length &+ index] &+= 1
        if value > maximum[window] { maximum[window] = value }
        if value != 0 && value < minimum[window] { minimum[window] = value }
    }

    /// One histogram per window, in time order (empty windows included).
    func histograms() -> [Histogram<UInt64>] {
        (0..<Self.count).map { window in
            RoundTripCounts.histogram(
                counts: UnsafeBufferPointer(start: counts + window * RoundTripCounts.length, count: RoundTripCounts.length),
                minimum: minimum[window], maximum: maximum[window]
            )
        }
    }
}

import Histogram

/// What a paced run times per measured message (a paced stream's receiver one way, the rr client
/// round trips): the time from its intended send time, over the whole interval and in the window
/// of its actual send time, and the time from its actual send time. Allocated before the clock
/// starts; recording is three counter increments.
struct PacedLatencies: ~Copyable {
    private var intended = RoundTripCounts()
    private var actual = RoundTripCounts()
    /// The measured interval's windows by actual send time; `begin(at:span:)` places them.
    private var windows: WindowedCounts

    /// Windows of `span / WindowedCounts.count` ns from `start`; a `span` of `.max` (no known end)
    /// puts everything into the first.
    init(start: UInt64 = 0, span: UInt64) {
        windows = WindowedCounts(start: start, span: span)
    }

    /// Places the windows once the loop knows where its measured interval starts (and, given a
    /// `span`, how long it is).
    mutating func begin(at start: UInt64, span: UInt64? = nil) {
        if let span { windows.begin(at: start, span: span) } else { windows.start = start }
    }

    /// Records a message intended for `due` and sent at `sentAt` that arrived (or was answered) at `now`.
    @inline(__always)
    mutating func record(at now: UInt64, due: UInt64, sentAt: UInt64) {
        let latency = now > due ? now &- due : 0
        intended.record(latency)
        windows.record(latency, sentAt: sentAt)
        actual.record(now > sentAt ? now &- sentAt : 0)
    }

    /// Fills the result: the times from the intended send time into `intendedTimes` (`oneWay` for a
    /// stream, `histogram` for round trips) and the windows, those from the actual send time into
    /// `oneWayActual`.
    func report(into result: inout WorkerResult, intendedTimes: WritableKeyPath<WorkerResult, Histogram<UInt64>?>) {
        result[keyPath: intendedTimes] = intended.histogram()
        result.oneWayActual = actual.histogram()
        result.intendedWindows = windows.histograms()
        result.outOfRangeSamples = intended.outOfRange
    }
}

/// The sizes of a run's messages, built before the clock starts: message k is `self[k]`, one AND
/// and one load into a table of `SizeDistribution.tableCount` sizes, or of one size for a fixed
/// `--size` (the paced loops serve both through it). Owns the table's memory.
struct SizeTable: ~Copyable {
    /// The sizes as the loops read them: a plain value over this table's memory, valid while the
    /// table lives.
    let draws: DrawnSizes

    init(_ job: WorkerJob) {
        guard let distribution = job.sizeDistribution else {
            let sizes = UnsafeMutablePointer<Int>.allocate(capacity: 1)
            sizes.initialize(to: job.sizeBytes)
            draws = DrawnSizes(sizes: sizes, mask: 0, largest: job.sizeBytes)
            return
        }
        let table = distribution.tableSizes()
        let sizes = UnsafeMutablePointer<Int>.allocate(capacity: table.count)
        sizes.initialize(from: table, count: table.count)
        draws = DrawnSizes(sizes: sizes, mask: table.count - 1, largest: distribution.largest)
    }

    deinit { draws.sizes.deallocate() }

    /// The largest size: what the buffers hold (`WorkerJob.sizeBytes`).
    var largest: Int { draws.largest }

    /// The size of message `index` (its number in the run, warmup included).
    @inline(__always)
    subscript(_ index: UInt64) -> Int { draws[index] }

    /// Runs `body` with the table's sizes, which stay valid for the whole call.
    func withDraws<Result, Failure: Error>(_ body: (DrawnSizes) throws(Failure) -> Result) throws(Failure) -> Result {
        try body(draws)
    }
}

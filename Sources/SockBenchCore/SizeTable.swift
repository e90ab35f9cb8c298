/// The sizes of a run's messages, built before the clock starts: message k is `self[k]`, one AND
/// and one load into a table of `SizeDistribution.tableCount` sizes, or of one size for a fixed
/// `--size` (the paced loops serve both through it).
struct SizeTable: ~Copyable {
    private let sizes: UnsafeMutablePointer<Int>
    private let mask: Int
    /// The largest size: what the buffers hold (`WorkerJob.sizeBytes`).
    let largest: Int

    init(_ job: WorkerJob) {
        guard let distribution = job.sizeDistribution else {
            sizes = .allocate(capacity: 1)
            sizes.initialize(to: job.sizeBytes)
            (mask, largest) = (0, job.sizeBytes)
            return
        }
        let table = distribution.tableSizes()
        sizes = .allocate(capacity: table.count)
        sizes.initialize(from: table, count: table.count)
        (mask, largest) = (table.count - 1, distribution.largest)
    }

    deinit { sizes.deallocate() }

    /// The size of message `index` (its number in the run, warmup included).
    @inline(__always)
    subscript(_ index: UInt64) -> Int { sizes[Int(truncatingIfNeeded: index) & mask] }
}

/// The sizes of a stream run's messages as its loops see them: one `--size` (`FixedSize`), or
/// `--size-dist`'s draws (a `SizeTable`'s `DrawnSizes`). `Stream`'s loops are generic over it and
/// specialized for each, so the fixed size's loop has no table load and no byte count, and the
/// two share one source.
protocol StreamSizes {
    /// Whether sizes vary from message to message: a receiver then counts the bytes (`payloadBytes`).
    static var drawn: Bool { get }
    /// The largest size: what the buffers hold (`WorkerJob.sizeBytes`).
    var largest: Int { get }
    /// The size of message `index` (its number in the run, warmup included).
    subscript(_ index: UInt64) -> Int { get }
}

/// A `SizeTable`'s sizes as a copyable value (a pointer into the table, the index mask, the largest
/// size), for the loops generic over `StreamSizes`, whose argument is copyable.
struct DrawnSizes {
    let sizes: UnsafeMutablePointer<Int>
    let mask: Int
    let largest: Int

    /// The size of message `index` (its number in the run, warmup included).
    @inline(__always)
    subscript(_ index: UInt64) -> Int { sizes[Int(truncatingIfNeeded: index) & mask] }
}

extension DrawnSizes: StreamSizes {
    static var drawn: Bool { true }
}

/// Every message of one size.
struct FixedSize: StreamSizes {
    static var drawn: Bool { false }
    let largest: Int

    init(_ bytes: Int) { largest = bytes }

    @inline(__always)
    subscript(_ index: UInt64) -> Int { largest }
}

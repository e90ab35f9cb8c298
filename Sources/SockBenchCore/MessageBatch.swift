import CSockBench

/// `count` datagrams of `size` bytes back to back in one buffer, with the mmsghdr and iovec arrays
/// sendmmsg/recvmmsg need, all allocated once before the clock starts.
public struct MessageBatch: ~Copyable {
    public let count: Int
    public let size: Int
    public let base: UnsafeMutableRawPointer
    let handle: OpaquePointer

    public init(count: Int, size: Int) {
        self.count = count
        self.size = size
        base = .allocate(byteCount: max(1, count * size), alignment: 64)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: max(1, count * size))
        // calloc of a few KiB cannot fail short of memory exhaustion, which traps anyway.
        handle = csb_mmsg_create(base, UInt(size), UInt32(count))!
    }

    deinit {
        csb_mmsg_destroy(handle)
        base.deallocate()
    }

    @inline(__always)
    public func message(_ index: Int) -> UnsafeMutableRawPointer { base + index &* size }

    /// Length of message `index` after a receive (0 is the end-of-run marker).
    @inline(__always)
    public func length(_ index: Int) -> Int { Int(csb_mmsg_length(handle, UInt32(index))) }

    /// The largest batch a job may ask for.
    public static let maximumCount = 1024
}

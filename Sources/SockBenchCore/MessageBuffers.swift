/// A worker's two message buffers (what it sends and what comes back), 64-byte aligned and zeroed,
/// allocated before any loop's clock starts; `release` frees them when the loop is done.
struct MessageBuffers {
    let buffer: UnsafeMutableRawBufferPointer
    let echo: UnsafeMutableRawBufferPointer

    init(capacity: Int) {
        buffer = .allocate(byteCount: capacity, alignment: 64)
        echo = .allocate(byteCount: capacity, alignment: 64)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        echo.initializeMemory(as: UInt8.self, repeating: 0)
    }

    func release() {
        buffer.deallocate()
        echo.deallocate()
    }
}

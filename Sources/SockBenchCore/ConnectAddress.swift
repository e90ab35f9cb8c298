import Glibc

/// An endpoint converted to a C socket address once, before the clock starts, so a loop that
/// connects per transaction neither allocates nor re-encodes the address each time.
struct ConnectAddress {
    private var storage = sockaddr_storage()
    private var length: socklen_t = 0

    init(_ endpoint: Endpoint) throws(SyscallError) {
        var storage = sockaddr_storage()
        var length: socklen_t = 0
        try endpoint.withSocketAddress(for: "connect") { address, size throws(SyscallError) in
            withUnsafeMutableBytes(of: &storage) { raw in
                raw.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(size)))
            }
            length = size
        }
        self.storage = storage
        self.length = length
    }

    /// Copies the encoded address to `destination` (room for a `sockaddr_storage`); returns its length.
    /// For a C loop that connects on its own.
    func copy(to destination: UnsafeMutableRawPointer) -> socklen_t {
        withUnsafeBytes(of: storage) { raw in destination.copyMemory(from: raw.baseAddress!, byteCount: Int(length)) }
        return length
    }

    /// Blocking connect of `fd` to this address (bounded by the socket's SO_SNDTIMEO).
    @inline(__always)
    mutating func connect(_ fd: Int32) throws(SyscallError) {
        let length = self.length
        try withUnsafePointer(to: &storage) { pointer throws(SyscallError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SyscallError) in
                try Sys.connect(fd, address, length)
            }
        }
    }
}

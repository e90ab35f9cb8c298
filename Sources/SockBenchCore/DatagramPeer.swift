import Glibc

/// The source address of the last datagram a server received, kept in storage allocated with the
/// server, so replying to whoever sent it neither allocates nor leaves this layer's C types.
struct DatagramPeer {
    private var storage = sockaddr_storage()
    private var length: socklen_t = 0

    /// recvfrom of one datagram of up to `count` bytes; remembers its source. nil when none is queued.
    @inline(__always)
    mutating func receive(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) throws(SyscallError) -> Int? {
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let received = try withUnsafeMutablePointer(to: &storage) { pointer throws(SyscallError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SyscallError) in
                try Sys.recvfrom(fd, buffer, count, address, &length)
            }
        }
        self.length = length
        return received
    }

    /// sendto of `count` bytes to the source of the last datagram received; nil when it would block.
    @inline(__always)
    mutating func reply(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) throws(SyscallError) -> Int? {
        let length = self.length
        return try withUnsafePointer(to: &storage) { pointer throws(SyscallError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SyscallError) in
                try Sys.sendto(fd, buffer, count, address, length)
            }
        }
    }
}

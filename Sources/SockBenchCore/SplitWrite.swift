/// `--writes 2` (the request) and `--reply-writes 2` (the reply): a message sent as a header and a
/// body in two send() calls, the way many request protocols are written. With Nagle on, the kernel
/// holds the body until the header is acknowledged, and the peer delays that ACK (40 ms on Linux):
/// the trap TCP_NODELAY exists for, once per split side of a round trip.
public enum SplitWrite {
    /// The header's share of a `messageBytes` message: 16 bytes, or half of a smaller message.
    @inline(__always)
    public static func headerBytes(messageBytes: Int) -> Int { min(16, messageBytes / 2) }

    /// The smallest message that can be split (a header and a body of at least one byte each).
    public static let minimumMessageBytes = 2

    /// Sends `count` bytes in one send (header 0) or as `header` bytes then the rest.
    @inline(__always)
    static func send(_ channel: inout Channel, _ buffer: UnsafeRawPointer, _ count: Int, header: Int) throws(SyscallError) {
        if header > 0 && header < count {
            try channel.sendAll(buffer, header)
            try channel.sendAll(buffer + header, count &- header)
        } else {
            try channel.sendAll(buffer, count)
        }
    }
}

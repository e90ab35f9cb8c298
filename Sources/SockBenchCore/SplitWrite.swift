import Glibc

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

    /// Sends `count` bytes in one send (header 0) or as `header` bytes then the rest, the two
    /// pieces handed to the kernel the way `style` says. `direct` as in `Channel.isDirect`.
    @inline(__always)
    static func send(
        _ channel: inout Channel, _ buffer: UnsafeRawPointer, _ count: Int, header: Int, style: SplitStyle, direct: Bool = false
    ) throws(SyscallError) {
        if header > 0 && header < count {
            try sendSplit(&channel, buffer, count, header: header, style: style)
        } else {
            try channel.sendAll(buffer, count, direct: direct)
        }
    }

    @inline(__always)
    static func sendSplit(_ channel: inout Channel, _ buffer: UnsafeRawPointer, _ count: Int, header: Int, style: SplitStyle) throws(SyscallError) {
        switch style {
        case .plain:
            try channel.sendAll(buffer, header)
            try channel.sendAll(buffer + header, count &- header)
        case .more:
            try channel.sendAll(buffer, header, flags: Int32(MSG_MORE))
            try channel.sendAll(buffer + header, count &- header)
        case .cork:
            try channel.setCork(true)
            try channel.sendAll(buffer, header)
            try channel.sendAll(buffer + header, count &- header)
            try channel.setCork(false)
        case .writev:
            try channel.sendVector(buffer, count, header: header)
        }
    }
}

/// How a message split into a header and a body (`--writes 2`, `--reply-writes 2`) reaches the
/// kernel (`--split-write`): the trap and its three cures that keep Nagle on.
public enum SplitStyle: String, CaseIterable, Codable, Sendable {
    /// Two send() calls: with Nagle on, the body waits for the header's delayed ACK.
    case plain
    /// The header with MSG_MORE ("more is coming"), then the body: TCP holds the header and sends both in one segment.
    case more
    /// TCP_CORK set around the two sends: the kernel sends full segments only, and uncorking flushes.
    case cork
    /// One writev() of both pieces: one call, one segment.
    case writev
}

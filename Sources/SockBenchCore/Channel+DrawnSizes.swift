/// Receiving messages whose sizes come from a `SizeTable` (`--size-dist`, and the paced loops), or any
/// `StreamSizes`.
extension Channel {
    /// Receives message `index` of the run. A byte stream reads exactly its size from the table, so
    /// no framing is needed. A transport that keeps boundaries takes one message of up to the
    /// largest size, whose length must be the table's: for the message's own sequence number when
    /// `numbered` (datagram streams, which may lose or reorder), else for `index`. A length that
    /// differs throws, as a fixed size's does.
    @inline(__always)
    mutating func receiveDrawn<Sizes: StreamSizes>(
        _ buffer: UnsafeMutableRawPointer, sizes: Sizes, index: UInt64, numbered: Bool, quickAck: Bool = false
    ) throws(SyscallError) -> ReceiveOutcome {
        guard keepsBoundaries else { return try receiveMessage(buffer, sizes[index], quickAck: quickAck) }
        let outcome = try receive(buffer, sizes.largest)
        guard case .bytes(let received) = outcome else { return outcome }
        let number = numbered ? Payload.readSequence(from: buffer) : index
        let expected = sizes[number]
        if received != expected {
            throw SyscallError(call: "recv", errno: .messageTooLong, detail: "message \(number) of \(received) bytes, expected \(expected)")
        }
        return outcome
    }

    /// One message of a stream run, as `receiveStreamMessage` does for a fixed size: its length, or
    /// nil at the run's end (the sender's end marker, or silence when `silenceEnds`). Silence that
    /// does not end the run is an error saying `silence`.
    @inline(__always)
    mutating func receiveDrawnStreamMessage<Sizes: StreamSizes>(
        _ buffer: UnsafeMutableRawPointer, sizes: Sizes, index: UInt64, numbered: Bool, silenceEnds: Bool,
        silence: StaticString = "sender stalled during the run"
    ) throws(SyscallError) -> Int? {
        switch try receiveDrawn(buffer, sizes: sizes, index: index, numbered: numbered) {
        case .bytes(let received): return received
        case .endOfStream: return nil
        case .timedOut:
            if silenceEnds { return nil }
            throw Self.silent(silence)
        }
    }
}

/// The bytes a sender writes and a verifying receiver checks.
///
/// Message `k` holds `k * 31 + i` (mod 256) at byte `i`, so a lost, repeated, reordered or corrupted
/// message shows up as a mismatch. Datagram streams start with an 8-byte little-endian sequence number.
enum Payload {
    // fill and matches run only with --verify (and once before a warmup). Kept out of line: inlined,
    // their vectorized loops tied up registers in every sender and receiver loop, which then
    // spilled and reloaded a dozen values per message even with verify off (callgrind, README).
    @inline(never)
    static func fill(_ buffer: UnsafeMutableRawPointer, count: Int, sequence: UInt64, from start: Int = 0) {
        let base = UInt8(truncatingIfNeeded: sequence &* 31)
        var i = start
        while i < count {
            buffer.storeBytes(of: base &+ UInt8(truncatingIfNeeded: i), toByteOffset: i, as: UInt8.self)
            i &+= 1
        }
    }

    @inline(never)
    static func matches(_ buffer: UnsafeRawPointer, count: Int, sequence: UInt64, from start: Int = 0) -> Bool {
        let base = UInt8(truncatingIfNeeded: sequence &* 31)
        var i = start
        while i < count {
            if buffer.load(fromByteOffset: i, as: UInt8.self) != base &+ UInt8(truncatingIfNeeded: i) { return false }
            i &+= 1
        }
        return true
    }

    @inline(__always)
    static func writeSequence(_ sequence: UInt64, to buffer: UnsafeMutableRawPointer) {
        buffer.storeBytes(of: sequence.littleEndian, as: UInt64.self)
    }

    @inline(__always)
    static func readSequence(from buffer: UnsafeRawPointer) -> UInt64 {
        UInt64(littleEndian: buffer.loadUnaligned(as: UInt64.self))
    }
}

extension WorkerResult {
    /// A datagram receiver's figures from its tracker: the measured window's sequence report and
    /// the distinct messages in it.
    mutating func takeWindow(of tracker: borrowing SequenceTracker) {
        sequence = tracker.windowReport
        messages = tracker.windowReport.uniqueReceived
    }
}

/// Counts distinct, reordered and duplicated sequence numbers with a fixed 64 Ki-entry window,
/// allocated once. A number older than the window is counted as reordered, not checked for a
/// duplicate.
struct SequenceTracker: ~Copyable {
    private static let windowBits = 1 << 16
    private let seen: UnsafeMutablePointer<UInt64>
    private(set) var report = SequenceReport()
    private var started = false

    init() {
        seen = .allocate(capacity: SequenceTracker.windowBits / 64)
        seen.initialize(repeating: 0, count: SequenceTracker.windowBits / 64)
    }

    deinit { seen.deallocate() }

    /// The report of a measured window that a boundary message opened: that message is the
    /// window's start, not one of its messages, so it is not counted.
    var windowReport: SequenceReport {
        var window = report
        window.uniqueReceived -= 1
        return window
    }

    @inline(__always)
    mutating func record(_ sequence: UInt64) {
        if !started {
            started = true
            report.firstSequence = sequence
            report.highestSequence = sequence
            mark(sequence)
            report.uniqueReceived = 1
            return
        }
        if sequence < report.firstSequence { return }  // a late warmup message
        if sequence > report.highestSequence {
            clear(after: report.highestSequence, through: sequence)
            report.highestSequence = sequence
            mark(sequence)
            report.uniqueReceived &+= 1
            return
        }
        report.reordered &+= 1
        if report.highestSequence &- sequence >= UInt64(SequenceTracker.windowBits) { return }
        if isMarked(sequence) {
            report.duplicated &+= 1
            report.reordered &-= 1
        } else {
            mark(sequence)
            report.uniqueReceived &+= 1
        }
    }

    @inline(__always) private func slot(_ s: UInt64) -> (Int, UInt64) {
        let bit = Int(truncatingIfNeeded: s) & (SequenceTracker.windowBits - 1)
        return (bit >> 6, 1 << UInt64(bit & 63))
    }
    @inline(__always) private func mark(_ s: UInt64) { let (w, m) = slot(s); seen[w] |= m }
    @inline(__always) private func isMarked(_ s: UInt64) -> Bool { let (w, m) = slot(s); return seen[w] & m != 0 }
    @inline(__always) private func clear(after old: UInt64, through new: UInt64) {
        if new &- old >= UInt64(SequenceTracker.windowBits) {
            seen.update(repeating: 0, count: SequenceTracker.windowBits / 64)
            return
        }
        var s = old &+ 1
        while s <= new {
            let (w, m) = slot(s)
            seen[w] &= ~m
            s &+= 1
        }
    }
}

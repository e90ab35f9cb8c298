import Foundation
import SockBenchCore
import SockBenchModel

/// Coordinator → worker messages, one JSON object per line.
public enum ControlRequest: Codable, Sendable {
    /// The whole job; the worker sets up its socket and answers `ready`.
    case configure(WorkerJob)
    /// Client only: the server's address, sent after the server is ready.
    case connect(server: Endpoint)
    /// Begin the run. Servers of datagram transports get the client's address to send echoes to.
    case start(peer: Endpoint?)
}

/// Worker → coordinator messages, one JSON object per line.
public enum ControlReply: Codable, Sendable {
    /// Set up and waiting for `start`; `endpoint` is where the peer reaches this worker.
    case ready(endpoint: Endpoint)
    case result(WorkerResult)
    /// The worker could not do its job; it exits after sending this.
    case failed(reason: String)
}

/// Newline-delimited JSON over a pair of descriptors, with a length cap and timeouts.
///
/// Every read waits in poll with a deadline, so a silent peer never hangs the reader; a line longer
/// than `maximumLineBytes` is rejected as malformed rather than buffered without limit.
public struct LineReader: Sendable {
    public let fd: Int32
    private var pending: [UInt8] = []
    /// Histograms travel in results, so the cap is generous; anything longer is not ours.
    public static let maximumLineBytes = 16 << 20
    private let maximumLineBytes: Int

    public init(fd: Int32, maximumLineBytes: Int = LineReader.maximumLineBytes) {
        self.fd = fd
        self.maximumLineBytes = maximumLineBytes
    }

    /// A complete line already buffered, if any (without the newline).
    public mutating func takeLine() throws(ControlError) -> [UInt8]? {
        if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            let line = Array(pending[..<newline])
            pending.removeSubrange(...newline)
            return line
        }
        if pending.count > maximumLineBytes {
            throw .malformed("control line longer than \(maximumLineBytes) bytes")
        }
        return nil
    }

    /// Reads what is available now. Returns false at end of file.
    public mutating func fill() throws(ControlError) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let outcome = chunk.withUnsafeMutableBytes { raw in
            Result { () throws(SyscallError) in try Sys.read(fd, raw.baseAddress!, raw.count) }
        }
        let count: Int?
        switch outcome {
        case .success(let value): count = value
        case .failure(let error): throw .io(error)
        }
        guard let count else { return true }
        if count == 0 { return false }
        pending.append(contentsOf: chunk[..<count])
        return true
    }

    /// Waits until a whole line arrives or `deadline` (CLOCK_MONOTONIC ns) passes.
    public mutating func readLine(deadline: UInt64) throws(ControlError) -> [UInt8] {
        while true {
            if let line = try takeLine() { return line }
            let now = MonotonicClock.nanoseconds()
            guard now < deadline else { throw .timedOut }
            if Interruption.requested { throw .interrupted }
            // Wait in slices of at most 100 ms so Ctrl-C is noticed promptly.
            let wait = Int32(clamping: min(100, (deadline - now) / 1_000_000 + 1))
            let ready: Bool
            do { ready = try Sys.pollOne(fd, events: Int16(POLLIN), timeoutMilliseconds: wait) } catch { throw .io(error) }
            if ready, try !fill() { throw .endOfFile }
        }
    }
}

public enum ControlError: Error, Sendable, CustomStringConvertible {
    case timedOut
    case endOfFile
    case interrupted
    case malformed(String)
    case io(SyscallError)

    public var description: String {
        switch self {
        case .timedOut: "timed out waiting for a control message"
        case .endOfFile: "control channel closed"
        case .interrupted: "interrupted by a signal"
        case .malformed(let why): "malformed control message: \(why)"
        case .io(let error): "control channel: \(error)"
        }
    }
}

enum ControlCodec {
    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        // Encoding our own plain structs cannot fail.
        var bytes = Array(try! JSONEncoder().encode(value))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    static func decode<T: Decodable>(_ type: T.Type, from line: [UInt8]) throws(ControlError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(line))
        } catch {
            throw .malformed("\(error)".prefix(200).description)
        }
    }

    /// Writes all of `bytes` to a blocking descriptor.
    static func write(_ bytes: [UInt8], to fd: Int32) throws(ControlError) {
        do { try Sys.writeAll(fd, bytes) } catch { throw .io(error) }
    }
}

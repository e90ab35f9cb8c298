import Glibc
import Histogram

/// `--pattern connect` (netperf's TCP_CRR): a new connection per transaction. The client connects,
/// sends the request, receives the reply and closes; the server accepts, echoes, waits for the
/// client's close and closes. Blocking sockets with SO_RCVTIMEO/SO_SNDTIMEO, so a stalled peer ends
/// the run with an error instead of hanging it. The client closes first, so TIME_WAIT is on its side.
public enum ConnectLoop {
    /// Runs the client: warmup, then measured transactions, then one empty connection that tells the
    /// server to stop. Buffers are allocated by the caller; nothing per transaction allocates.
    public static func runClient(
        server: Endpoint, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, echo: UnsafeMutableRawBufferPointer,
        result: inout WorkerResult
    ) throws(SyscallError) {
        let size = job.sizeBytes
        let out = buffer.baseAddress!
        let back = echo.baseAddress!
        let header = job.writes == 2 ? SplitWrite.headerBytes(messageBytes: size) : 0
        let timeout = job.options.mode == .timeout ? job.socketTimeoutNanoseconds : job.idleTimeoutNanoseconds
        var address = try ConnectAddress(server)
        var transactions = RoundTripCounts()
        var connects = RoundTripCounts()
        Payload.fill(out, count: size, sequence: 0)

        let warmupEnd = MonotonicClock.nanoseconds() &+ job.warmupNanoseconds
        var done = 0
        while MonotonicClock.nanoseconds() < warmupEnd {
            _ = try transaction(&address, job, out, back, size, header: header, timeout: timeout, done: done)
            done &+= 1
        }

        let window = MeasuringWindow(job.extent)
        var end = window.start
        var count = 0
        while count < window.limit && end < window.deadline {
            let began = MonotonicClock.nanoseconds()
            let connectNanoseconds = try transaction(&address, job, out, back, size, header: header, timeout: timeout, done: done &+ count)
            end = MonotonicClock.nanoseconds()
            transactions.record(end &- began)
            connects.record(connectNanoseconds)
            count &+= 1
        }
        window.close(&result, end: end, messages: count)
        result.histogram = transactions.histogram()
        result.connectHistogram = connects.histogram()
        result.outOfRangeSamples = transactions.outOfRange
        // The end: a connection that closes without a request.
        let last = try Socket(transport: job.transport)
        try last.setBlockingTimeouts(nanoseconds: timeout)
        try connect(&address, last.fd, done: done &+ count)
    }

    /// One transaction; returns how long connect() took.
    @inline(__always)
    private static func transaction(
        _ address: inout ConnectAddress, _ job: WorkerJob, _ out: UnsafeMutableRawPointer, _ back: UnsafeMutableRawPointer,
        _ size: Int, header: Int, timeout: UInt64, done: Int
    ) throws(SyscallError) -> UInt64 {
        let socket = try Socket(transport: job.transport)
        try socket.apply(job.options)
        try socket.setBlockingTimeouts(nanoseconds: timeout)
        let before = MonotonicClock.nanoseconds()
        try connect(&address, socket.fd, done: done)
        let connected = MonotonicClock.nanoseconds()
        if header > 0 {
            try sendAll(socket.fd, out, header)
            try sendAll(socket.fd, out + header, size &- header)
        } else {
            try sendAll(socket.fd, out, size)
        }
        if try receiveAll(socket.fd, back, size, keepsBoundaries: job.transport.keepsBoundaries) != size {
            throw Channel.closed("server closed before its reply")
        }
        return connected &- before
    }

    @inline(__always)
    private static func connect(_ address: inout ConnectAddress, _ fd: Int32, done: Int) throws(SyscallError) {
        do {
            try address.connect(fd)
        } catch where error.errno == Errno(rawValue: EADDRNOTAVAIL) {
            throw SyscallError(
                call: "connect", errno: error.errno,
                detail: "ephemeral ports exhausted after \(done) connections (closed ones wait in TIME_WAIT); see net.ipv4.ip_local_port_range and net.ipv4.tcp_tw_reuse"
            )
        }
    }

    /// Runs the server: one connection at a time, echo the request, wait for the client's close.
    /// Ends on a connection that closes without a request.
    public static func runServer(
        listener: borrowing Socket, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        let size = job.sizeBytes
        let base = buffer.baseAddress!
        let header = job.replyWrites == 2 ? SplitWrite.headerBytes(messageBytes: size) : 0
        let timeout = job.options.mode == .timeout ? job.socketTimeoutNanoseconds : job.idleTimeoutNanoseconds
        let keepsBoundaries = job.transport.keepsBoundaries
        var served = 0
        let cpuStart = CPUUsage.current()
        let start = MonotonicClock.nanoseconds()
        while true {
            let connection = try listener.accept(timeoutNanoseconds: job.idleTimeoutNanoseconds)
            try connection.setBlockingTimeouts(nanoseconds: timeout)
            let received = try receiveAll(connection.fd, base, size, keepsBoundaries: keepsBoundaries)
            if received == 0 { break }
            if received != size {
                throw SyscallError(call: "recv", errno: .connectionReset, detail: "client closed inside a request (\(received) of \(size) bytes)")
            }
            if header > 0 {
                try sendAll(connection.fd, base, header)
                try sendAll(connection.fd, base + header, size &- header)
            } else {
                try sendAll(connection.fd, base, size)
            }
            // Wait for the client's close (EOF), so the client holds TIME_WAIT, as in TCP_CRR.
            _ = try receiveAll(connection.fd, base, 1, keepsBoundaries: true)
            served &+= 1
        }
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = MonotonicClock.nanoseconds() &- start
        result.messages = served
    }

    @inline(__always)
    private static func sendAll(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) throws(SyscallError) {
        var offset = 0
        repeat {
            guard let sent = try Sys.send(fd, buffer + offset, count &- offset) else {
                throw SyscallError(call: "send", errno: .timedOut, detail: "stall: the peer took nothing within SO_SNDTIMEO")
            }
            offset &+= sent
        } while offset < count
    }

    /// Receives up to `count` bytes (one message where boundaries are kept); fewer only at EOF.
    @inline(__always)
    private static func receiveAll(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, keepsBoundaries: Bool) throws(SyscallError) -> Int {
        var offset = 0
        repeat {
            guard let received = try Sys.recv(fd, buffer + offset, count &- offset) else {
                throw Channel.silent("stall: nothing arrived within SO_RCVTIMEO")
            }
            if received == 0 { return offset }
            offset &+= received
        } while offset < count && !keepsBoundaries
        return offset
    }
}

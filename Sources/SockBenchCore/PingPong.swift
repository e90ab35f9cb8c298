import Histogram

/// Ping-pong: the client times round trips, the server echoes.
public enum PingPong {
    /// Runs the client: warmup, then the measured round trips, then tells the server to stop.
    /// `buffer` and `echo` hold at least `job.sizeBytes` each; they are allocated by the caller before
    /// the clock starts, and nothing in the loop allocates.
    public static func runClient(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer,
        echo: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        let size = job.sizeBytes
        let out = buffer.baseAddress!
        let back = echo.baseAddress!
        let verify = job.verify
        let pause = job.pauseNanosecondsPerMessage
        var histogram = Histogram<UInt64>.roundTrip()
        var sequence: UInt64 = 0
        var outOfRange = 0
        var verifyErrors = 0
        Payload.fill(out, count: size, sequence: 0)

        let warmupEnd = MonotonicClock.nanoseconds() &+ job.warmupNanoseconds
        while MonotonicClock.nanoseconds() < warmupEnd {
            try exchange(&channel, out, back, size, sequence: sequence, verify: verify, pause: pause, errors: &verifyErrors)
            sequence &+= 1
        }
        verifyErrors = 0

        let cpuStart = CPUUsage.current()
        let start = MonotonicClock.nanoseconds()
        var end = start
        var roundTrips = 0
        let deadline: UInt64
        let limit: Int
        switch job.extent {
        case .duration(let nanoseconds): (deadline, limit) = (start &+ nanoseconds, .max)
        case .count(let count): (deadline, limit) = (.max, count)
        }
        while roundTrips < limit && end < deadline {
            let sent = MonotonicClock.nanoseconds()
            try exchange(&channel, out, back, size, sequence: sequence, verify: verify, pause: pause, errors: &verifyErrors)
            end = MonotonicClock.nanoseconds()
            if !histogram.record(end &- sent) { outOfRange &+= 1 }
            sequence &+= 1
            roundTrips &+= 1
        }
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = end &- start
        result.messages = roundTrips
        result.bytes = roundTrips &* size &* 2
        result.histogram = histogram
        result.outOfRangeSamples = outOfRange
        result.verifyErrors = verifyErrors
        try Ending.send(&channel)
    }

    @inline(__always)
    private static func exchange(
        _ channel: inout Channel, _ out: UnsafeMutableRawPointer, _ back: UnsafeMutableRawPointer, _ size: Int,
        sequence: UInt64, verify: Bool, pause: UInt64, errors: inout Int
    ) throws(SyscallError) {
        if verify { Payload.fill(out, count: size, sequence: sequence) }
        if pause > 0 { MonotonicClock.spin(nanoseconds: pause) }
        try channel.sendAll(out, size)
        switch try channel.receiveMessage(back, size) {
        case .bytes(let received):
            if received != size {
                throw SyscallError(call: "recv", errno: .messageTooLong, detail: "echo of \(received) bytes, expected \(size)")
            }
        case .endOfStream:
            throw SyscallError(call: "recv", errno: .connectionReset, detail: "server closed during the run")
        case .timedOut:
            throw SyscallError(call: "recv", errno: .timedOut, detail: "no echo (a lost datagram or a stalled server)")
        }
        if verify && !Payload.matches(back, count: size, sequence: sequence) { errors &+= 1 }
    }

    /// Runs the server: echoes every message until the client ends the run.
    public static func runServer(
        _ channel: inout Channel, job: WorkerJob, buffer: UnsafeMutableRawBufferPointer, result: inout WorkerResult
    ) throws(SyscallError) {
        let size = job.sizeBytes
        let base = buffer.baseAddress!
        var messages = 0
        let cpuStart = CPUUsage.current()
        let start = MonotonicClock.nanoseconds()
        loop: while true {
            switch try channel.receiveMessage(base, size) {
            case .bytes(let received):
                try channel.sendAll(base, received)
                messages &+= 1
            case .endOfStream:
                break loop
            case .timedOut:
                throw SyscallError(call: "recv", errno: .timedOut, detail: "client silent during the run")
            }
        }
        result.cpu = CPUUsage.current() - cpuStart
        result.elapsedNanoseconds = MonotonicClock.nanoseconds() &- start
        result.messages = messages
        result.bytes = messages &* size
    }
}

/// How a sender tells its peer that the run is over.
enum Ending {
    /// Byte streams and seqpacket: shut down the write side (the peer reads EOF). Datagrams: a few
    /// zero-length datagrams, since UDP may drop one; the receiver also ends after an idle timeout.
    static func send(_ channel: inout Channel) throws(SyscallError) {
        if channel.socket.transport.isDatagram {
            var byte: UInt8 = 0
            for _ in 0..<3 {
                MonotonicClock.sleep(nanoseconds: 2_000_000)
                _ = try? Sys.send(channel.fd, &byte, 0)
            }
        } else {
            try channel.shutdownWrite()
        }
    }
}

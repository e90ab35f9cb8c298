import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// A bad axis value: one line naming the option and the accepted form.
public struct AxisError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Parses axis values as users type them (comma-separated on the command line, YAML lists in a
/// spec), with one clear error per bad value. The command line and spec files share it.
public enum AxisParsing {
    public static func items(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public static func parse<T>(_ text: String, option: String, form: String, _ convert: (String) -> T?) throws -> [T] {
        let values = items(text)
        guard !values.isEmpty else { throw AxisError("\(option): empty list; use \(form)") }
        return try values.map { item in
            guard let value = convert(item) else { throw AxisError("\(option): invalid value '\(item)'; use \(form)") }
            return value
        }
    }

    public static func transports(_ text: String) throws -> [Transport] {
        if text == "all" { return Transport.allCases }
        return try parse(text, option: "--transport", form: "a comma-separated list of \(Transport.allCases.map(\.rawValue).joined(separator: ", ")) or all") { Transport(rawValue: $0) }
    }

    public static func patterns(_ text: String) throws -> [Pattern] {
        try parse(text, option: "--pattern", form: "a comma-separated list of pingpong, stream, connect, rr (open-loop, needs --rate)") { Pattern(rawValue: $0) }
    }

    public static func modes(_ text: String) throws -> [IOMode] {
        try parse(text, option: "--mode", form: "a comma-separated list of \(IOMode.allCases.map(\.rawValue).joined(separator: ", "))") { IOMode(rawValue: $0) }
    }

    public static func sizes(_ text: String, option: String = "--size") throws -> [Int] {
        let sizes = try parse(text, option: option, form: Quantities.byteCountForm) { Quantities.byteCount($0) }
        for size in sizes { try checkSize(size, option: option) }
        return sizes
    }

    /// A message size the workers can send: 1 byte to `WorkerJob.maximumSizeBytes`.
    public static func checkSize(_ size: Int, option: String) throws {
        if size < 1 || size > WorkerJob.maximumSizeBytes {
            throw AxisError("\(option): \(size) is outside 1 byte ... \(Quantities.formatBytes(WorkerJob.maximumSizeBytes))")
        }
    }

    public static func buffers(_ text: String, option: String) throws -> [Int?] {
        let values: [Int?] = try parse(text, option: option, form: "default or \(Quantities.byteCountForm)") { item -> Int?? in
            if item == "default" { return .some(nil) }
            guard let bytes = Quantities.byteCount(item), bytes >= 1 else { return nil }
            return .some(bytes)
        }
        for case let bytes? in values where bytes > Int(Int32.max) / 2 {
            throw AxisError("\(option): \(bytes) is larger than a socket buffer can be (\(Int32.max / 2) bytes)")
        }
        return values
    }

    public static func noDelay(_ text: String) throws -> [Bool] {
        try parse(text, option: "--nodelay", form: "on, off or on,off") { $0 == "on" ? true : $0 == "off" ? false : nil }
    }

    /// `usable`: the CPU numbers this process may run on (its affinity mask, narrowed by `taskset`).
    public static func cpus(_ text: String, usable: [Int] = Sys.usableCPUs()) throws -> [CPUPlacement] {
        let placements = try parse(text, option: "--cpu", form: "none, same, split, or CLIENT+SERVER core numbers such as 0+1") { CPUPlacement($0) }
        for case .explicit(let client, let server) in placements {
            for core in [client, server] where !usable.contains(core) {
                throw AxisError("--cpu: core \(core) is not usable; this process may run on cores \(usable.map(String.init).joined(separator: ","))")
            }
        }
        return placements
    }

    public static func pairs(_ text: String) throws -> [Int] {
        try parse(text, option: "--pairs", form: "whole numbers from 1 to 64") { Int($0).flatMap { (1...64).contains($0) ? $0 : nil } }
    }

    public static func batches(_ text: String) throws -> [Int] {
        try parse(text, option: "--batch", form: "whole numbers from 1 to \(MessageBatch.maximumCount) (messages per sendmmsg/recvmmsg)") {
            Int($0).flatMap { (1...MessageBatch.maximumCount).contains($0) ? $0 : nil }
        }
    }

    /// `--writes` (per request) and `--reply-writes` (per reply).
    public static func writes(_ text: String, option: String = "--writes") throws -> [Int] {
        try parse(text, option: option, form: "1 or 2 (send() calls per message: 2 sends a header, then the body)") {
            Int($0).flatMap { (1...2).contains($0) ? $0 : nil }
        }
    }

    /// `--split-write`: how a split message reaches the kernel.
    public static func splitWrites(_ text: String) throws -> [SplitStyle] {
        try parse(text, option: "--split-write", form: "a comma-separated list of \(SplitStyle.allCases.map(\.rawValue).joined(separator: ", ")) (with --writes 2 or --reply-writes 2)") {
            SplitStyle(rawValue: $0)
        }
    }

    /// `--busy-poll-us`: SO_BUSY_POLL values in microseconds.
    public static func busyPoll(_ text: String) throws -> [Int] {
        try parse(text, option: "--busy-poll-us", form: "whole microseconds from \(Matrix.busyPollRange.lowerBound) to \(Matrix.busyPollRange.upperBound), such as 0,50") {
            Int($0).flatMap { Matrix.busyPollRange.contains($0) ? $0 : nil }
        }
    }

    /// `--zerocopy` and `--keepalive`: on, off or both.
    public static func onOff(_ text: String, option: String) throws -> [Bool] {
        try parse(text, option: option, form: "on, off or on,off") { $0 == "on" ? true : $0 == "off" ? false : nil }
    }

    /// `--keepalive-idle`, `--keepalive-interval` (seconds) and `--keepalive-count` (probes): one value each,
    /// which needs `--keepalive` with `on` among its values.
    public static func keepAliveTimers(idle: String?, interval: String?, count: String?, keepAlive: [Bool]?) throws -> KeepAlive? {
        func value(_ text: String?, option: String, range: ClosedRange<Int>, unit: String) throws -> Int? {
            guard let text else { return nil }
            guard keepAlive?.contains(true) == true else { throw AxisError("\(option): needs --keepalive on (or on,off)") }
            guard let number = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
                throw AxisError("\(option): invalid value '\(text)'; use whole \(unit) from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        let timers = KeepAlive(
            idleSeconds: try value(idle, option: "--keepalive-idle", range: KeepAlive.secondsRange, unit: "seconds"),
            intervalSeconds: try value(interval, option: "--keepalive-interval", range: KeepAlive.secondsRange, unit: "seconds"),
            count: try value(count, option: "--keepalive-count", range: KeepAlive.countRange, unit: "probes")
        )
        return timers == KeepAlive() ? nil : timers
    }

    /// `--quickack`: TCP_QUICKACK after every receive.
    public static func quickAck(_ text: String) throws -> [Bool] {
        try parse(text, option: "--quickack", form: "on, off or on,off") { $0 == "on" ? true : $0 == "off" ? false : nil }
    }

    public static func connections(_ text: String) throws -> [Int] {
        try parse(text, option: "--connections", form: "whole numbers from 1 to 1000000 (connections to one epoll server)") {
            Int($0).flatMap { Matrix.connectionRange.contains($0) ? $0 : nil }
        }
    }

    /// `--threads`: threads per worker process of `--connections` cells.
    public static func threads(_ text: String) throws -> [Int] {
        try parse(text, option: "--threads", form: "whole numbers from 1 to 1024 (threads per worker process, with --connections)") {
            Int($0).flatMap { Matrix.threadRange.contains($0) ? $0 : nil }
        }
    }

    /// `--burst`: paced messages sent back to back per slot.
    public static func bursts(_ text: String) throws -> [Int] {
        try parse(text, option: "--burst", form: "whole numbers from 1 to 65536 (messages back to back per slot of --rate)") {
            Int($0).flatMap { Matrix.burstRange.contains($0) ? $0 : nil }
        }
    }

    /// `--size-dist`: one distribution per value (a distribution holds commas of its own, so the
    /// option is given once per distribution, and a spec lists them).
    public static func sizeDistributions(_ texts: [String], option: String = "--size-dist") throws -> [SizeDistribution] {
        guard !texts.isEmpty else { throw AxisError("\(option): no distribution; use \(SizeDistribution.form)") }
        return try texts.map { text in
            do throws(SizeDistributionError) {
                return try SizeDistribution(parsing: text)
            } catch {
                throw AxisError("\(option): invalid value '\(text)' (\(error.reason)); use \(SizeDistribution.form)")
            }
        }
    }

    /// `--timeout`: SO_RCVTIMEO/SO_SNDTIMEO of `--mode timeout`, from 1 ms to 60 s.
    public static func socketTimeout(_ timeout: TimeSpan) throws -> UInt64 {
        guard timeout.nanoseconds >= 1_000_000, timeout.nanoseconds <= 60_000_000_000 else {
            throw AxisError("--timeout: '\(timeout)' is outside the range; accepted: 1ms to 60s, such as 100ms or 1s")
        }
        return timeout.nanoseconds
    }

    /// A span that must not be zero (a time to measure, a timeout), in nanoseconds.
    public static func positive(_ span: TimeSpan, option: String) throws -> UInt64 {
        guard span.nanoseconds > 0 else { throw AxisError("\(option): '\(span)' is no time at all; use \(Quantities.durationForm)") }
        return span.nanoseconds
    }
}

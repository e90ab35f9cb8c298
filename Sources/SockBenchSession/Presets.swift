import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// A complete matrix definition: what a preset or a YAML spec holds.
public struct RunSpec: Sendable {
    public var name: String
    public var summary: String
    public var axes: MatrixAxes
    public var settings: MeasurementSettings
    public var repetitions: Int

    public init(name: String, summary: String = "", axes: MatrixAxes, settings: MeasurementSettings, repetitions: Int) {
        self.name = name
        self.summary = summary
        self.axes = axes
        self.settings = settings
        self.repetitions = repetitions
    }
}

/// The built-in matrices listed by `sockbench presets`.
public enum Presets {
    public static func settings(duration: Double, warmup: Double) -> MeasurementSettings {
        MeasurementSettings(warmupNanoseconds: UInt64(warmup * 1e9), extent: .duration(nanoseconds: UInt64(duration * 1e9)))
    }

    /// What `sockbench run` measures when no preset or spec is given.
    public static let commandLineDefault = RunSpec(
        name: "run", axes: MatrixAxes(), settings: MeasurementSettings(), repetitions: 5
    )

    public static let all: [RunSpec] = [
        RunSpec(
            name: "quick", summary: "all seven transports, both patterns, 64 B; 3 × 0.3 s per cell",
            axes: MatrixAxes(transports: Transport.allCases, patterns: [.pingpong, .stream], sizes: [64]),
            settings: settings(duration: 0.3, warmup: 0.1), repetitions: 3
        ),
        RunSpec(
            name: "ci", summary: "unix, tcp and udp, both patterns, 64 B, workers sharing one core (the steadiest placement); 5 × 0.2 s per cell, for regression checks",
            axes: MatrixAxes(transports: [.unix, .tcp, .udp], patterns: [.pingpong, .stream], sizes: [64], cpus: [.same]),
            settings: settings(duration: 0.2, warmup: 0.05), repetitions: 5
        ),
        RunSpec(
            name: "default", summary: "all seven transports, both patterns, 64 B / 1 KiB / 16 KiB; 5 × 0.5 s per cell",
            axes: MatrixAxes(transports: Transport.allCases, patterns: [.pingpong, .stream], sizes: [64, 1024, 16384]),
            settings: settings(duration: 0.5, warmup: 0.2), repetitions: 5
        ),
        RunSpec(
            name: "buffers", summary: "unix and tcp streams across SO_SNDBUF/SO_RCVBUF sizes, 1 KiB and 64 KiB messages",
            axes: MatrixAxes(
                transports: [.unix, .tcp], patterns: [.stream], sizes: [1024, 65536],
                sendBuffers: [nil, 4096, 65536, 1 << 20], receiveBuffers: [nil, 4096, 65536, 1 << 20]
            ),
            settings: settings(duration: 0.5, warmup: 0.2), repetitions: 3
        ),
        RunSpec(
            name: "nagle", summary: "TCP_NODELAY on and off for tcp/tcp6 against unix, both patterns, 64 B and 1 KiB, ping-pong's request and reply each written whole and split (header + body)",
            axes: MatrixAxes(
                transports: [.unix, .tcp, .tcp6], patterns: [.pingpong, .stream], sizes: [64, 1024], noDelay: [true, false],
                writes: [1, 2], replyWrites: [1, 2]
            ),
            settings: settings(duration: 0.5, warmup: 0.2), repetitions: 5
        ),
        RunSpec(
            name: "modes", summary: "every I/O mode (blocking, nonblocking, epoll, epoll-et, busy-poll, timeout, io_uring, io_uring-sqpoll) on unix, tcp and udp, 64 B",
            axes: MatrixAxes(transports: [.unix, .tcp, .udp], patterns: [.pingpong, .stream], sizes: [64], modes: IOMode.allCases),
            settings: settings(duration: 0.5, warmup: 0.2), repetitions: 5
        ),
        RunSpec(
            name: "full", summary: "every transport, pattern, 64 B/1 KiB/64 KiB, Nagle on/off, blocking/epoll, CPU none/same/split",
            axes: MatrixAxes(
                transports: Transport.allCases, patterns: [.pingpong, .stream], sizes: [64, 1024, 65536],
                noDelay: [true, false], modes: [.blocking, .epoll], cpus: [.none, .same, .split]
            ),
            settings: settings(duration: 0.5, warmup: 0.2), repetitions: 3
        ),
    ]

    public static func named(_ name: String) -> RunSpec? { all.first { $0.name == name } }
}

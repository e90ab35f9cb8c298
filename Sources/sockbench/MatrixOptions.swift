import ArgumentParser
import Foundation
import SockBenchModel
import SockBenchStats
import SockBenchStore
import SockBenchSession

/// The axes of a matrix. Every option takes a comma-separated list; the run measures every combination.
struct MatrixOptions: ParsableArguments {
    @Option(help: .list("Transports: unix, unix-dgram, unix-seqpacket, tcp, tcp6, udp, udp6, pipe (two pipes), shm (a shared-memory ring), or all."))
    var transport: String?

    @Option(help: .list("Patterns: pingpong (round-trip latency), stream (one-way throughput; with --rate, one-way latency), connect (a connection per request: connect, request, reply, close; stream and seqpacket transports) and rr (open-loop request/response at --rate)."))
    var pattern: String?

    @Option(help: .list("Message sizes in bytes: 64, 4K, 64KiB, 1M (K/M = 1024-based)."))
    var size: String?

    @Option(name: .customLong("size-dist"), help: ArgumentHelp("Message sizes drawn per message instead of one --size (both together: exit 64): a range such as 64..4K (every size from 64 B to 4 KiB alike) or sizes with weights such as 64:0.9,64K:0.1 (positive weights, normalised to their sum; each at least 1/4096 of it). One distribution per --size-dist: repeat the option for more, as in --size-dist 64..4K --size-dist 64:0.9,64K:0.1; a single size such as 2K is that fixed size. Both workers draw the same sizes (a table of 4096 shuffled by SplitMix64 with a fixed seed), so a byte stream needs no framing and a datagram's length is checked. pingpong (the reply is the request's size) and stream, with --rate or without, on the sockets and pipe; rr, connect, shm, --connections, --writes 2, --reply-size and --batch are skipped with the reason. size_bytes is then the largest size; msg/s counts messages, MB/s the bytes sent.", valueName: "dist"))
    var sizeDist: [String] = []

    @Option(help: .list("SO_SNDBUF requests: default or sizes. The kernel doubles a request and caps it at net.core.wmem_max; the effective value is recorded. pipe: the pipe capacity (F_SETPIPE_SZ); shm: the ring size (4K to 1G, at least the message)."))
    var sndbuf: String?

    @Option(help: .list("SO_RCVBUF requests: default or sizes (capped at net.core.rmem_max)."))
    var rcvbuf: String?

    @Option(help: .list("TCP_NODELAY: on, off or on,off. Applies to tcp and tcp6 only."))
    var nodelay: String?

    @Option(help: .list("I/O modes: blocking, nonblocking (poll on EAGAIN), epoll (level-triggered), epoll-et (edge-triggered), busy-poll (spin on EAGAIN), timeout (blocking with SO_RCVTIMEO/SO_SNDTIMEO = --timeout; a stall fails the row), io_uring (each send and receive submitted to an io_uring and waited for), io_uring-sqpoll (the same with a kernel thread polling the submission queue; its CPU counts as the worker's)."))
    var mode: String?

    @Option(help: .list("CPU placement: none, same (both workers of a pair on one core), split (different cores), or CLIENT+SERVER such as 0+1."))
    var cpu: String?

    @Option(help: .list("Sender/receiver pairs running at once (1-64); figures are summed over pairs."))
    var pairs: String?

    @Option(help: .list("Datagram streams: messages per sendmmsg/recvmmsg call, such as 1,8,32 (1 = one send/recv per message)."))
    var batch: String?

    @Option(help: .list("Reply sizes of pingpong and rr, such as 2K (request --size bytes in, reply-size bytes back). Default: the request's size."))
    var replySize: String?

    @Option(help: .list("send() calls per request (the client's message) for pingpong, rr and connect on byte streams: 1 (whole), 2 (a header, then the body: the Nagle trap), or 1,2."))
    var writes: String?

    @Option(help: .list("send() calls per reply (the server's answer) for pingpong, rr and connect on byte streams: 1 (whole), 2 (a header, then the body), or 1,2. (default: 1)"))
    var replyWrites: String?

    @Option(help: .list("How a split ping-pong message (--writes 2, --reply-writes 2) reaches the kernel: plain (two send calls), more (the header with MSG_MORE), cork (TCP_CORK around both sends), writev (one call), or a list. more and cork are TCP's. (default: plain)"))
    var splitWrite: String?

    @Option(help: .list("TCP ping-pong: on re-arms TCP_QUICKACK after every receive (no delayed ACK), off leaves it to the kernel, or on,off. (default: off)"))
    var quickack: String?

    @Option(help: .list("Connections to one epoll server, such as 1,100,1000,10000 (1-1000000): the clients are spread over --client-processes processes, ping-pong on every connection at once. Every transport, pattern pingpong: stream and seqpacket connect one socket per connection; datagram transports (udp, udp6, unix-dgram) use one server socket and N client sockets."))
    var connections: String?

    @Option(help: .list("Threads per worker process with --connections, such as 1,2,4 (1-1024): each thread runs its own epoll loop over its share of the connections, on both sides (one client process unless --client-processes). TCP and UDP server threads each own a socket of the port (SO_REUSEPORT); AF_UNIX has one accepting thread handing connections out round-robin; unix-dgram is skipped. With --cpu split, server threads go one per core on the upper half of the usable cores, client threads on the lower half; more threads than cores are measured with a warning."))
    var threads: String?

    @Option(help: .list("Paced cells (--rate with stream or rr): messages sent back to back at each burst's slot, such as 1,16,256 (1-65536); the offered rate stays --rate, only its burstiness changes, and latency is still timed from each message's intended send time. (default: 1, evenly spaced)"))
    var burst: String?

    @Option(help: .list("Offered messages per second per pair for stream and rr: 10k,50k,200k (k = 1000, M = 10^6, up to 100M), or max (unpaced stream). Paced messages carry their intended send time; the receiver reports one-way latency."))
    var rate: String?

    @Option(name: .customLong("busy-poll-us"), help: .list("SO_BUSY_POLL in microseconds on the receiving sockets (both of a ping-pong pair, a stream's receiver), such as 0,50 (0-1000000): a blocking receive spins on the device's NAPI queue first. tcp and udp; unix is skipped (no NAPI queue). Whether the kernel took it and the value read back are per-row columns."))
    var busyPollUs: String?

    @Option(help: .list("TCP streams: on sends with SO_ZEROCOPY and MSG_ZEROCOPY (completions reaped from the error queue; zerocopy_copied says when the kernel copied anyway, as it does to a local receiver), off copies, or on,off. (default: off)"))
    var zerocopy: String?

    @Option(help: .list("TCP pairs: on sets SO_KEEPALIVE (with --keepalive-idle, --keepalive-interval, --keepalive-count), off leaves it off, or on,off. (default: off)"))
    var keepalive: String?

    @Option(help: ArgumentHelp("--keepalive on: seconds without traffic before the first probe, TCP_KEEPIDLE (1-32767). (default: net.ipv4.tcp_keepalive_time)", valueName: "seconds"))
    var keepaliveIdle: String?

    @Option(help: ArgumentHelp("--keepalive on: seconds between unanswered probes, TCP_KEEPINTVL (1-32767). (default: net.ipv4.tcp_keepalive_intvl)", valueName: "seconds"))
    var keepaliveInterval: String?

    @Option(help: ArgumentHelp("--keepalive on: unanswered probes before the connection is dropped, TCP_KEEPCNT (1-127). (default: net.ipv4.tcp_keepalive_probes)", valueName: "n"))
    var keepaliveCount: String?

    /// The values as typed, for the rules in SockBenchSession.
    var choices: MatrixChoices {
        MatrixChoices(
            transport: transport, pattern: pattern, size: size, sndbuf: sndbuf, rcvbuf: rcvbuf, nodelay: nodelay, mode: mode, cpu: cpu,
            pairs: pairs, batch: batch, replySize: replySize, writes: writes, replyWrites: replyWrites, splitWrite: splitWrite,
            quickack: quickack, connections: connections, rate: rate, threads: threads, burst: burst, busyPollUs: busyPollUs, zerocopy: zerocopy,
            keepalive: keepalive, keepaliveIdle: keepaliveIdle, keepaliveInterval: keepaliveInterval, keepaliveCount: keepaliveCount,
            sizeDist: sizeDist.isEmpty ? nil : sizeDist
        )
    }

    /// The axis options given on the command line, such as ["--size"], in the order of --help.
    var given: [String] { choices.given }
}

extension ArgumentHelp {
    /// The help of an axis option: its value is a comma-separated list of the axis's values.
    static func list(_ abstract: String) -> ArgumentHelp { ArgumentHelp(abstract, valueName: "list") }
}

/// `--idle`: what idle CPUs do while measuring (one option for run, check, calibrate, reproduce, load).
struct IdleOption: ParsableArguments {
    @Option(help: ArgumentHelp("Idle CPUs while measuring: poll (hold /dev/cpu_dma_latency at 0 µs, as cyclictest does, so a wake-up on another core is not an idle-state exit; needs root, warns otherwise) or os (leave the idle governor alone). Recorded in run.json. (default: poll)", valueName: "policy"))
    var idle: IdleStates?

    /// The policy of a new run: the option, else what `base` recorded, else poll.
    func policy(over base: IdleStates? = nil) -> IdleStates { idle ?? base ?? .poll }
}

extension IdleStates: ExpressibleByArgument {}

/// How long and how often each cell is measured.
struct MeasureOptions: ParsableArguments {
    @Option(quantity: ArgumentHelp("Measured time per repetition, after the warmup, with a unit: 500ms, 2s, 1m (a bare number is refused). (default: 2s)", valueName: "duration"))
    var duration: TimeSpan?

    @Option(help: ArgumentHelp("Measure this many round trips (ping-pong) or messages sent (stream) per pair instead of a duration; with --connections, the total over every connection.", valueName: "n"))
    var count: Int?

    @Option(quantity: ArgumentHelp("Warmup before each repetition, excluded from the figures, with a unit: 200ms, 1s (or 0). (default: 0.5s)", valueName: "duration"))
    var warmup: TimeSpan?

    @Option(help: ArgumentHelp("Repetitions per cell, each after its own warmup. (default: 5)", valueName: "n"))
    var repetitions: Int?

    @Option(quantity: ArgumentHelp("Add repetitions while the 95% interval the answer is read from is wider than ±this, such as 2%. Its metric is the first of --metric a cell has, else the pattern's answer: round-trip p50 for pingpong and rr, one-way p50 for a paced stream, msg/s for an unpaced stream and connect; with --compare the interval is that metric's ratio B/A, otherwise each cell's median. --dry-run names it. A looks-based rule: stopping when an interval looks narrow makes its 95% optimistic; for an interval that keeps its coverage, fix --repetitions.", valueName: "percent"))
    var targetCi: Percentage?

    @Option(help: ArgumentHelp("Upper bound on repetitions with --target-ci. (default: 20)", valueName: "n"))
    var maxRepetitions: Int?

    @Option(help: ArgumentHelp("Seed of the randomized interleaved order; printed and recorded so a run can be replayed.", valueName: "n"))
    var seed: UInt64?

    @Flag(help: "Check every received byte against what was sent.")
    var verify = false

    @Option(quantity: ArgumentHelp("--mode timeout: SO_RCVTIMEO and SO_SNDTIMEO, from 1ms to 60s; recorded in run.json. (default: 1s)", valueName: "duration"))
    var timeout: TimeSpan?

    @Option(help: ArgumentHelp("--connections: client processes the connections are spread over (1-64). (default: the usable cores)", valueName: "n"))
    var clientProcesses: Int?

    @OptionGroup var idle: IdleOption

    /// The options given on the command line, such as ["--duration", "--seed"].
    var given: [String] { choices.given }

    /// The values as typed, for the rules in SockBenchSession.
    var choices: MeasurementChoices {
        MeasurementChoices(
            duration: duration, count: count, warmup: warmup, repetitions: repetitions, targetCi: targetCi,
            maxRepetitions: maxRepetitions, verify: verify, timeout: timeout, clientProcesses: clientProcesses, idle: idle.idle, seed: seed
        )
    }

    func validateValues() throws { try CLIErrors.validating { try choices.check() } }
}

/// Where results go and what is printed.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Run directory to create (default: results/<UTC timestamp>-<name>). Must be new or empty: an existing run is never overwritten, and a directory holding other files is refused (exit 74).", valueName: "dir"))
    var output: String?

    @Option(help: ArgumentHelp("Name of the run, used in the directory name and run.json.", valueName: "name"))
    var name: String?

    @Flag(help: "No progress lines on stderr; warnings still print.")
    var quiet = false

    @Flag(help: "Print the final summary as JSON on stdout instead of a table.")
    var json = false
}

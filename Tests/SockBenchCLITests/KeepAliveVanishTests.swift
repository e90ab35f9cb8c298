import Dispatch
import Foundation
import Glibc
@testable import SockBenchCore
import Synchronization
import Testing

/// #28 item 6 across two network namespaces this test makes: a reader blocked in recv() on a TCP
/// connection whose peer's host vanishes (a blackhole route to it in the reader's namespace, so
/// nothing it sends arrives and nothing comes back) learns it from its keepalive probes within
/// idle + interval × count seconds, and without keepalive does not within that time.
@Suite(.serialized, .enabled(if: NetnsPair.available, Comment(rawValue: NetnsPair.unavailableReason ?? "")))
struct KeepAliveVanishTests {
    static let timers = KeepAlive(idleSeconds: 1, intervalSeconds: 1, count: 2)
    /// How long each reader waits (SO_RCVTIMEO): twice the keepalive bound of 1 + 1 × 2 = 3 s.
    static let readerSeconds = 6

    @Test func aBlockedReaderLearnsThatItsPeerVanishedOnlyWithKeepAlive() throws {
        let pair = try NetnsPair()
        defer { pair.remove() }
        var listener = try NetnsSocket.make(in: pair.b)
        try listener.bind(.inet(address: NetnsPair.ipv4Server, port: 0))
        try listener.listen()
        let server = try listener.localEndpoint()

        var job = WorkerJob(
            role: .client, transport: .tcp, pattern: .stream, sizeBytes: 64, options: SocketOptions(), warmupNanoseconds: 0,
            extent: .count(1), verify: false, socketDirectory: "/tmp"
        )
        job.keepAlive = Self.timers
        let watched = try NetnsSocket.make(in: pair.a)
        var result = WorkerResult(role: .client, effectiveBuffers: EffectiveBuffers(sendBufferBytes: 0, receiveBufferBytes: 0))
        try SocketKnobs.applyKeepAlive(watched.fd, job: job, result: &result)
        #expect(result.knobs.keepAliveEffective == Self.timers, "the socket holds the timers asked for")
        let unwatched = try NetnsSocket.make(in: pair.a)
        #expect(try SocketKnobs.readKeepAlive(unwatched.fd) == nil)
        for socket in [watched.fd, unwatched.fd] {
            try Sys.setTimeoutOption(socket, name: SO_RCVTIMEO, nanoseconds: UInt64(Self.readerSeconds) * 1_000_000_000)
        }
        try watched.connect(server, timeoutNanoseconds: 2_000_000_000)
        try unwatched.connect(server, timeoutNanoseconds: 2_000_000_000)
        // The accepted ends stay open: the peer's sockets are alive, only its host is unreachable.
        let firstPeer = try listener.accept(timeoutNanoseconds: 2_000_000_000)
        let secondPeer = try listener.accept(timeoutNanoseconds: 2_000_000_000)

        // The peer's host vanishes: nothing sent to it leaves the reader's namespace.
        try pair.ip(["-n", pair.a, "route", "add", "blackhole", "\(NetnsPair.ipv4Server)/32"])
        let outcomes = BlockedReader.readAtOnce([watched.fd, unwatched.fd])
        #expect(firstPeer.fd >= 0 && secondPeer.fd >= 0)
        let bound = Double(Self.timers.idleSeconds! + Self.timers.intervalSeconds! * Self.timers.count!)
        print("keepalive \(Self.timers) on: \(outcomes[0]); off: \(outcomes[1]) (bound \(bound) s)")
        if case .failed(let errno, let seconds) = outcomes[0] {
            #expect(errno == .timedOut || errno == Errno(rawValue: EHOSTUNREACH), "keepalive on: \(errno)")
            #expect(seconds < Double(Self.readerSeconds), "keepalive on learned only after \(seconds) s")
        } else {
            Issue.record("keepalive on: the reader did not learn that its peer vanished: \(outcomes[0])")
        }
        if case .stillBlocked(let seconds) = outcomes[1] {
            #expect(seconds >= bound, "keepalive off: the reader gave up after \(seconds) s")
        } else {
            Issue.record("keepalive off: the reader heard of the vanished peer: \(outcomes[1])")
        }
    }
}

/// Sockets made inside a network namespace: the thread enters it for socket() and leaves at once;
/// the socket stays in the namespace it was made in.
enum NetnsSocket {
    /// setns(2) and CLONE_NEWNET, declared here: Glibc's module leaves out the _GNU_SOURCE part of sched.h.
    @_silgen_name("setns") private static func enter(_ fd: Int32, _ type: Int32) -> Int32
    private static let newNetwork: Int32 = 0x4000_0000

    static func make(in namespace: String) throws -> Socket {
        let home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)
        let target = open("/run/netns/\(namespace)", O_RDONLY | O_CLOEXEC)
        defer {
            close(home)
            close(target)
        }
        guard home >= 0, target >= 0, enter(target, newNetwork) == 0 else {
            throw NetnsPair.SetupError(description: "cannot enter network namespace \(namespace)")
        }
        defer { precondition(enter(home, newNetwork) == 0, "could not return to the test's network namespace") }
        return try Socket(transport: .tcp)
    }
}

/// Readers blocked in recv() at once, each on its own thread.
enum BlockedReader {
    enum Outcome: Sendable, CustomStringConvertible {
        case failed(Errno, seconds: Double)
        case stillBlocked(seconds: Double)
        case received(Int)

        var description: String {
            switch self {
            case .failed(let errno, let seconds): "recv failed with \(errno.name) after \(String(format: "%.2f", seconds)) s"
            case .stillBlocked(let seconds): "still blocked after \(String(format: "%.2f", seconds)) s"
            case .received(let bytes): "received \(bytes) bytes"
            }
        }
    }

    static func readAtOnce(_ descriptors: [Int32]) -> [Outcome] {
        let group = DispatchGroup()
        let outcomes = OutcomeBox(count: descriptors.count)
        for (index, fd) in descriptors.enumerated() {
            group.enter()
            Thread.detachNewThread {
                let start = MonotonicClock.nanoseconds()
                var byte: UInt8 = 0
                let outcome: Outcome
                do throws(SyscallError) {
                    let received = try Sys.recv(fd, &byte, 1)
                    let seconds = Double(MonotonicClock.nanoseconds() &- start) / 1e9
                    outcome = received.map { .received($0) } ?? .stillBlocked(seconds: seconds)
                } catch {
                    outcome = .failed(error.errno, seconds: Double(MonotonicClock.nanoseconds() &- start) / 1e9)
                }
                outcomes.set(index, outcome)
                group.leave()
            }
        }
        group.wait()
        return outcomes.values
    }

    /// Each reader thread's outcome at its index; read after the group says every thread is done.
    final class OutcomeBox: Sendable {
        private let stored: Mutex<[Outcome?]>
        init(count: Int) { stored = Mutex(Array(repeating: nil, count: count)) }
        func set(_ index: Int, _ outcome: Outcome) { stored.withLock { $0[index] = outcome } }
        var values: [Outcome] { stored.withLock { $0.map { $0! } } }
    }
}

import CSockBenchLoops
import Foundation
import Histogram
@testable import SockBenchCore
@testable import SockBenchModel
import Testing

/// The C reference loops measure what the Swift loops measure: each engine talks to the other one
/// (so framing and end-of-run signalling agree), counts agree exactly, and the C histogram layout is
/// the one `Histogram.roundTrip()` uses.
@Suite struct ReferenceLoopTests {
    @Test func histogramLayoutMatchesHdrHistogram() {
        let histogram = Histogram<UInt64>.roundTrip()
        let values: [UInt64] = [1, 2, 1000, 2047, 2048, 2049, 4095, 4096, 12_345, 123_456, 9_999_999, 1 << 30, 60_000_000_000]
        for value in values {
            let index = csbl_histogram_index_of(value)
            #expect(index >= 0)
            #expect(csbl_histogram_value_at(index) == histogram.lowestEquivalentForValue(value), "value \(value)")
        }
        // The first value past the C counters is also the first the Swift histogram refuses.
        var probe = histogram
        #expect(csbl_histogram_index_of((1 << 36) - 1) == CSBL_HISTOGRAM_LENGTH - 1)
        let lastFits = probe.record((1 << 36) - 1)
        #expect(lastFits)
        #expect(csbl_histogram_index_of(1 << 36) == -1)
        let pastFits = probe.record(1 << 36)
        #expect(!pastFits)
    }

    static let cases: [(Engine, Engine)] = [(.c, .swift), (.swift, .c), (.c, .c)]

    @Test(arguments: [Transport.unix, .unixSeqpacket, .unixDgram, .tcp], [IOMode.blocking, .nonblocking, .epoll, .ioUring, .ioUringSQPoll])
    func pingPongEnginesInteroperateAndCountAlike(transport: Transport, mode: IOMode) throws {
        for (clientEngine, serverEngine) in Self.cases {
            let run = try LoopHarness.run(transport, .pingpong, mode: mode, size: 100, count: 500, clientEngine: clientEngine, serverEngine: serverEngine)
            let label = "\(transport) \(mode) client \(clientEngine) server \(serverEngine)"
            let client = try #require(run.client.result, "\(label): \(run.client.failure?.description ?? "")")
            let server = try #require(run.server.result, "\(label): \(run.server.failure?.description ?? "")")
            #expect(client.messages == 500, "\(label)")
            #expect(server.messages == 500, "\(label)")
            #expect(client.histogram?.totalCount == 500, "\(label)")
            #expect(client.elapsedNanoseconds > 0 && client.outOfRangeSamples == 0, "\(label)")
            let histogram = try #require(client.histogram)
            #expect(histogram.min > 0 && histogram.min <= histogram.max, "\(label)")
        }
    }

    @Test(arguments: [Transport.unix, .unixSeqpacket, .unixDgram, .tcp], [IOMode.blocking, .nonblocking, .epollET, .busyPoll, .ioUring])
    func streamEnginesInteroperateAndCountAlike(transport: Transport, mode: IOMode) throws {
        for (clientEngine, serverEngine) in Self.cases {
            let run = try LoopHarness.run(transport, .stream, mode: mode, size: 256, count: 2_000, clientEngine: clientEngine, serverEngine: serverEngine)
            let label = "\(transport) \(mode) sender \(clientEngine) receiver \(serverEngine)"
            let sender = try #require(run.client.result, "\(label): \(run.client.failure?.description ?? "")")
            let receiver = try #require(run.server.result, "\(label): \(run.server.failure?.description ?? "")")
            #expect(sender.messages == 2_000, "\(label)")
            // The first message is the receiver's warmup boundary; the rest are measured.
            #expect(receiver.messages == 1_999, "\(label)")
            if transport.isDatagram {
                #expect(sender.lastSequenceSent == 1_999, "\(label)")
                let sequence = try #require(receiver.sequence, "\(label)")
                #expect(sequence.firstSequence == 0 && sequence.highestSequence == 1_999, "\(label)")
                #expect(sequence.reordered == 0 && sequence.duplicated == 0, "\(label)")
            } else {
                #expect(sender.lastSequenceSent == nil && receiver.sequence == nil, "\(label)")
            }
        }
    }

    /// Paced stream and rr: the C loops write and read the Swift loops' header on the same schedule,
    /// so every mix of engines counts every slot and fills both latency histograms.
    @Test(arguments: [Transport.unix, .unixSeqpacket, .unixDgram, .tcp], [IOMode.blocking, .nonblocking])
    func pacedEnginesInteroperateAndCountAlike(transport: Transport, mode: IOMode) throws {
        for (clientEngine, serverEngine) in Self.cases {
            let label = "\(transport) \(mode) client \(clientEngine) server \(serverEngine)"
            let stream = try LoopHarness.run(transport, .stream, mode: mode, size: 64, count: 400, clientEngine: clientEngine, serverEngine: serverEngine, rate: 20_000)
            let sender = try #require(stream.client.result, "stream \(label): \(stream.client.failure?.description ?? "")")
            let receiver = try #require(stream.server.result, "stream \(label): \(stream.server.failure?.description ?? "")")
            #expect(sender.messages == 400, "stream \(label)")
            // No warmup: the first slot is measured (the paced receiver has no boundary message).
            #expect(receiver.messages == 400, "stream \(label)")
            #expect(receiver.oneWay?.totalCount == 400 && receiver.oneWayActual?.totalCount == 400, "stream \(label)")
            #expect(receiver.outOfRangeSamples == 0 && receiver.histogram == nil, "stream \(label)")
            // At 20k/s, 400 slots span 20 ms; a sender that skipped the schedule would finish at once.
            #expect(sender.elapsedNanoseconds >= 19_000_000, "stream \(label)")
            if transport.isDatagram {
                #expect(sender.lastSequenceSent == 399, "stream \(label)")
                let sequence = try #require(receiver.sequence, "stream \(label)")
                #expect(sequence.firstSequence == 0 && sequence.highestSequence == 399 && sequence.uniqueReceived == 400, "stream \(label)")
            }

            let rr = try LoopHarness.run(transport, .rr, mode: mode, size: 64, count: 400, clientEngine: clientEngine, serverEngine: serverEngine, rate: 20_000)
            let client = try #require(rr.client.result, "rr \(label): \(rr.client.failure?.description ?? "")")
            let server = try #require(rr.server.result, "rr \(label): \(rr.server.failure?.description ?? "")")
            #expect(client.messages == 400, "rr \(label)")
            #expect(server.messages == 400, "rr \(label)")
            #expect(client.histogram?.totalCount == 400 && client.oneWayActual?.totalCount == 400, "rr \(label)")
            #expect(client.lastSequenceSent == 399 && client.outOfRangeSamples == 0, "rr \(label)")
            // Timed from the intended send time, a round trip is never shorter than from the actual one.
            let intended = try #require(client.histogram), actual = try #require(client.oneWayActual)
            #expect(intended.max >= actual.max && intended.min > 0, "rr \(label)")
        }
    }

    @Test func referenceLoopsRefuseVerifyingInsteadOfSkippingIt() throws {
        let directory = try LoopHarness.temporaryDirectory()
        defer { try? Sys.removeDirectory(directory) }
        var job = LoopHarness.job(.server, .udp, .stream, mode: .blocking, size: 64, count: 10, engine: .c)
        job.verify = true
        let pair = try LoopHarness.connectedPair(.udp, directory: directory)
        var channel = try Channel(socket: pair.server, mode: .blocking, idleTimeoutNanoseconds: 100_000_000)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 64)
        defer { buffer.deallocate() }
        var result = WorkerResult(role: .server, effectiveBuffers: EffectiveBuffers(sendBufferBytes: 0, receiveBufferBytes: 0))
        do {
            try ReferenceLoops.run(&channel, job: job, buffer: buffer, echo: buffer, result: &result)
            Issue.record("the C loops ran a verifying job")
        } catch {
            #expect(error.detail?.contains("verify") == true)
        }
    }

    /// Coordinator and worker are the same binary, so nothing defaults a missing field: a job or
    /// settings without `engine` are malformed, never silently run with the Swift loops.
    @Test func jobsWithoutAnEngineAreRejectedAndCellsCarryTheirEngine() throws {
        let job = LoopHarness.job(.client, .tcp, .pingpong, mode: .blocking, size: 64, count: 1, engine: .c)
        var object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(job)) as? [String: Any])
        #expect(object["engine"] as? String == "c")
        #expect(try JSONDecoder().decode(WorkerJob.self, from: JSONSerialization.data(withJSONObject: object)) == job)
        object["engine"] = nil
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(WorkerJob.self, from: JSONSerialization.data(withJSONObject: object)) }

        // The engine is an axis of the cell (one place), not a run-wide setting.
        let swift = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64)
        let c = swift.with(engine: .c)
        #expect(!swift.id.contains("engine") && c.id == swift.id + "/engine=c")
        #expect(try JSONDecoder().decode(Cell.self, from: JSONEncoder().encode(c)) == c)
        #expect(c.with(engine: .swift) == swift)
    }
}

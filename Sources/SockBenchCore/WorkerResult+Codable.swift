import Histogram

/// A result crosses the control channel as JSON. Its round-trip histogram goes as its non-empty
/// buckets: the dense form is about 27 000 counters (56 KB of JSON), whose encoding and decoding
/// cost more than a short measurement itself.
extension WorkerResult {
    enum CodingKeys: String, CodingKey {
        case role, messages, elapsedNanoseconds, histogram, outOfRangeSamples, sequence, lastSequenceSent
        case verifyErrors, cpu, effectiveBuffers, noDelayEffective, connectHistogram, connectionCounts
        case oneWay, oneWayActual, lostRoundTrips, intendedWindows, threadTallies
        case knobs, payloadBytes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(role: try c.decode(Role.self, forKey: .role), effectiveBuffers: try c.decode(EffectiveBuffers.self, forKey: .effectiveBuffers))
        messages = try c.decode(Int.self, forKey: .messages)
        elapsedNanoseconds = try c.decode(UInt64.self, forKey: .elapsedNanoseconds)
        histogram = try c.decodeIfPresent(SparseHistogram.self, forKey: .histogram)?.histogram()
        outOfRangeSamples = try c.decode(Int.self, forKey: .outOfRangeSamples)
        sequence = try c.decodeIfPresent(SequenceReport.self, forKey: .sequence)
        lastSequenceSent = try c.decodeIfPresent(UInt64.self, forKey: .lastSequenceSent)
        verifyErrors = try c.decode(Int.self, forKey: .verifyErrors)
        cpu = try c.decode(CPUUsage.self, forKey: .cpu)
        noDelayEffective = try c.decodeIfPresent(Bool.self, forKey: .noDelayEffective)
        connectHistogram = try c.decodeIfPresent(SparseHistogram.self, forKey: .connectHistogram)?.histogram()
        connectionCounts = try c.decodeIfPresent([Int].self, forKey: .connectionCounts)
        oneWay = try c.decodeIfPresent(SparseHistogram.self, forKey: .oneWay)?.histogram()
        oneWayActual = try c.decodeIfPresent(SparseHistogram.self, forKey: .oneWayActual)?.histogram()
        lostRoundTrips = try c.decodeIfPresent(Int.self, forKey: .lostRoundTrips)
        intendedWindows = try c.decodeIfPresent([SparseHistogram].self, forKey: .intendedWindows)?.map { $0.histogram() }
        threadTallies = try c.decodeIfPresent([ThreadTally].self, forKey: .threadTallies)
        knobs = try c.decodeIfPresent(KnobReport.self, forKey: .knobs) ?? KnobReport()
        payloadBytes = try c.decodeIfPresent(Int.self, forKey: .payloadBytes)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role, forKey: .role)
        try c.encode(messages, forKey: .messages)
        try c.encode(elapsedNanoseconds, forKey: .elapsedNanoseconds)
        try c.encodeIfPresent(histogram.map(SparseHistogram.init), forKey: .histogram)
        try c.encode(outOfRangeSamples, forKey: .outOfRangeSamples)
        try c.encodeIfPresent(sequence, forKey: .sequence)
        try c.encodeIfPresent(lastSequenceSent, forKey: .lastSequenceSent)
        try c.encode(verifyErrors, forKey: .verifyErrors)
        try c.encode(cpu, forKey: .cpu)
        try c.encode(effectiveBuffers, forKey: .effectiveBuffers)
        try c.encodeIfPresent(noDelayEffective, forKey: .noDelayEffective)
        try c.encodeIfPresent(connectHistogram.map(SparseHistogram.init), forKey: .connectHistogram)
        try c.encodeIfPresent(connectionCounts, forKey: .connectionCounts)
        try c.encodeIfPresent(oneWay.map(SparseHistogram.init), forKey: .oneWay)
        try c.encodeIfPresent(oneWayActual.map(SparseHistogram.init), forKey: .oneWayActual)
        try c.encodeIfPresent(lostRoundTrips, forKey: .lostRoundTrips)
        try c.encodeIfPresent(intendedWindows?.map(SparseHistogram.init), forKey: .intendedWindows)
        try c.encodeIfPresent(threadTallies, forKey: .threadTallies)
        try c.encode(knobs, forKey: .knobs)
        try c.encodeIfPresent(payloadBytes, forKey: .payloadBytes)
    }
}

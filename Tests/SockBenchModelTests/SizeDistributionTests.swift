@testable import SockBenchCore
@testable import SockBenchModel
import Testing

/// `--size-dist`: how a distribution is typed and spelled, the table both workers draw sizes from,
/// and where the rule table applies it.
struct SizeDistributionTests {
    @Test(arguments: [
        ("64..4K", SizeDistribution.uniform(smallest: 64, largest: 4096), "64B..4KiB"),
        (" 1 .. 64KiB ", .uniform(smallest: 1, largest: 65_536), "1B..64KiB"),
        ("64:0.9,64K:0.1", .weighted([WeightedSize(bytes: 64, weight: 0.9), WeightedSize(bytes: 65_536, weight: 0.1)]), "64B:0.9,64KiB:0.1"),
        ("200:3, 2K:1", .weighted([WeightedSize(bytes: 200, weight: 3), WeightedSize(bytes: 2048, weight: 1)]), "200B:3,2KiB:1"),
        ("2K", .weighted([WeightedSize(bytes: 2048, weight: 1)]), "2KiB:1"),
    ])
    func aGoodValueParsesAndItsSpellingParsesBack(text: String, expected: SizeDistribution, spelling: String) throws {
        let parsed = try SizeDistribution(parsing: text)
        #expect(parsed == expected)
        #expect(parsed.spelling == spelling)
        #expect(try SizeDistribution(parsing: parsed.spelling) == parsed, "the spelling in ids and CSV files reads back as the same cell")
    }

    @Test(arguments: [
        ("4K..64", "the range runs backwards"),
        ("0..4K", "outside 1 byte ... 64MiB"),
        ("64..128M", "outside 1 byte ... 64MiB"),
        ("abc..4K", "'abc' is not a byte count"),
        ("64...4K", "'.4K' is not a byte count"),
        ("64:0.9,64K:-0.1", "the weight '-0.1' of 64KiB is not a positive number"),
        ("64:0,64K:1", "the weight '0' of 64B is not a positive number"),
        ("64:nan", "is not a positive number"),
        ("64:1,64K", "'64K' is not SIZE:WEIGHT"),
        ("64,64K", "'64' is not SIZE:WEIGHT"),
        ("64:1:2", "'64:1:2' is not SIZE:WEIGHT"),
        ("64:1,64:2", "64B is listed twice"),
        ("64:1,1M:0.0001", "1MiB has under 1/4096 of the weight"),
        ("", "'' is not a byte count"),
    ])
    func aBadValueSaysWhatIsWrong(text: String, reason: String) {
        #expect {
            _ = try SizeDistribution(parsing: text)
        } throws: { error in
            (error as? SizeDistributionError)?.reason.contains(reason) == true
        }
    }

    @Test func oneSizeIsAFixedSize() throws {
        #expect(try SizeDistribution(parsing: "2K").fixedBytes == 2048)
        #expect(try SizeDistribution(parsing: "300..300").fixedBytes == 300)
        #expect(try SizeDistribution(parsing: "64..4K").fixedBytes == nil)
    }

    /// SplitMix64 gives the published reference outputs (Vigna's splitmix64.c, seed 0): any build on
    /// any host draws the same numbers.
    @Test func theGeneratorIsSplitMix64() {
        var generator = SplitMix64(seed: 0)
        #expect([generator.next(), generator.next(), generator.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    /// Client and server build their tables from their own jobs: message k has the same size at
    /// both ends, past the end of the table too (it repeats).
    @Test func bothEndsDrawTheSameSizes() throws {
        let drawn = try SizeDistribution(parsing: "64..4K")
        func job(_ role: Role) -> WorkerJob {
            var job = WorkerJob(
                role: role, transport: .tcp, pattern: .stream, sizeBytes: 4096, options: SocketOptions(),
                warmupNanoseconds: 0, extent: .count(1), verify: true, socketDirectory: "/tmp"
            )
            job.sizeDistribution = drawn
            return job
        }
        let client = SizeTable(job(.client))
        let server = SizeTable(job(.server))
        let count = 3 * SizeDistribution.tableCount + 17
        let sent = (0..<UInt64(count)).map { client[$0] }
        #expect(sent == (0..<UInt64(count)).map { server[$0] })
        #expect(sent.allSatisfy { (64...4096).contains($0) } && client.largest == 4096)
        #expect(Array(sent[SizeDistribution.tableCount..<(2 * SizeDistribution.tableCount)]) == drawn.tableSizes())
        #expect(Set(sent.prefix(64)).count > 50, "sizes vary from message to message")
        #expect(drawn.tableSizes(seed: 1) != drawn.tableSizes(), "the seed decides the order")
    }

    /// Over many messages each weight's share is what was asked (normalised), within the table's 1/4096.
    @Test func drawnSizesFollowTheWeights() throws {
        let messages = 100_000
        for text in ["64:0.9,64K:0.1", "64:9,64K:1"] {
            let table = try SizeDistribution(parsing: text).tableSizes()
            let small = (0..<messages).filter { table[$0 % table.count] == 64 }.count
            #expect(abs(Double(small) / Double(messages) - 0.9) < 0.001, "\(text): \(small) of \(messages) were 64 B")
            #expect((0..<messages).allSatisfy { table[$0 % table.count] == 64 || table[$0 % table.count] == 65_536 })
        }
        let three = try SizeDistribution(parsing: "100:1,200:1,300:2").tableSizes()
        #expect([100, 200, 300].map { size in three.filter { $0 == size }.count } == [1024, 1024, 2048])
        // The rarest share a weight may have still gets its entry.
        let rare = try SizeDistribution(parsing: "64:4095,1M:1").tableSizes()
        #expect(rare.filter { $0 == 1 << 20 }.count == 1)
    }

    @Test func aRangeSpreadsEvenlyOverItsSizes() throws {
        let table = try SizeDistribution(parsing: "64..4K").tableSizes()
        let mean = Double(table.reduce(0, +)) / Double(table.count)
        #expect(abs(mean - 2080) < 4, "mean \(mean)")
        let quarters = (0..<4).map { q in table.filter { ($0 - 64) * 4 / (4096 - 64 + 1) == q }.count }
        #expect(quarters.allSatisfy { abs($0 - 1024) <= 2 }, "\(quarters)")
        #expect(table.min()! < 64 + 8 && table.max()! > 4096 - 8)
    }

    /// pingpong and stream get drawn sizes on sockets and pipe; shm, rr and connect are skipped with
    /// the reason; the cell's size is the largest, and its id names the distribution.
    @Test func theRuleTableAppliesDrawnSizesToPingPongAndStream() throws {
        var axes = MatrixAxes(transports: [.unix, .tcp, .udp, .pipe, .shm], patterns: [.pingpong, .stream, .connect])
        axes.sizeDistributions = [try SizeDistribution(parsing: "64..4K")]
        let plan = Matrix.expand(axes)
        #expect(plan.cells.count == 8, "\(plan.cells.map(\.id))")
        #expect(plan.cells.allSatisfy { $0.sizeBytes == 4096 && $0.smallestBytes == 64 && $0.sizeDistribution != nil && $0.replySizeBytes == nil })
        #expect(plan.cells.allSatisfy { $0.id.hasSuffix("/size-dist=64B..4KiB") })
        #expect(plan.skipped.contains { $0.combination == "shm pingpong 64B..4KiB" && $0.reason.hasPrefix("a shm ring's loops send one fixed size") })
        #expect(plan.skipped.contains { $0.combination == "unix connect 64B..4KiB" && $0.reason.contains("not to connect") })

        axes.transports = [.unix]
        axes.patterns = [.rr]
        axes.rates = [10_000]
        #expect(Matrix.expand(axes).skipped.map(\.reason) == ["--size-dist applies to pingpong and stream (with --rate or without), not to rr (its client takes replies of one size between slots)"])
    }

    @Test func datagramLimitsApplyToTheLargestAndHeadersToTheSmallest() throws {
        var axes = MatrixAxes(transports: [.udp], patterns: [.pingpong, .stream])
        axes.sizeDistributions = [try SizeDistribution(parsing: "64..128K"), try SizeDistribution(parsing: "4..1K")]
        let plan = Matrix.expand(axes)
        #expect(plan.skipped.contains { $0.combination == "udp pingpong 64B..128KiB" && $0.reason == "udp carries at most 65507 bytes per datagram" })
        #expect(plan.skipped.contains { $0.combination == "udp stream 4B..1KiB" && $0.reason.hasPrefix("its smallest size, 4B, is too small: datagram streams carry an 8-byte sequence number") })
        #expect(plan.cells.map(\.id) == [Cell(transport: .udp, pattern: .pingpong, sizeBytes: 1024).id + "/size-dist=4B..1KiB"])

        // A paced message carries a 24-byte header: the smallest size must hold it.
        var paced = MatrixAxes(transports: [.unix], patterns: [.stream], rates: [5_000])
        paced.sizeDistributions = [try SizeDistribution(parsing: "16..4K"), try SizeDistribution(parsing: "24..4K")]
        let pacedPlan = Matrix.expand(paced)
        #expect(pacedPlan.cells.map(\.sizeLabel) == ["24B..4KiB"] && pacedPlan.cells.first?.ratePerSecond == 5_000)
        #expect(pacedPlan.skipped.contains { $0.combination == "unix stream 16B..4KiB rate=5000" && $0.reason.contains("24-byte header") })
    }

    /// Shapes drawn sizes cannot take are skipped with the option that conflicts; zero-copy collapses.
    @Test func otherShapesOfAMessageAreSkippedWithTheirReason() throws {
        let drawn = try SizeDistribution(parsing: "64..4K")
        var axes = MatrixAxes(transports: [.tcp], patterns: [.pingpong], replySizes: [256])
        axes.sizeDistributions = [drawn]
        #expect(Matrix.expand(axes).skipped.map(\.combination) == ["tcp pingpong 64B..4KiB reply=256B"])
        axes.replySizes = nil
        axes.writes = [2]
        #expect(Matrix.expand(axes).skipped.first?.reason == "--size-dist sends each message whole; --writes 2 and --reply-writes 2 apply to fixed sizes")
        axes.writes = nil
        axes.connections = [8]
        #expect(Matrix.expand(axes).skipped.first?.combination == "tcp pingpong 64B..4KiB connections=8")
        var stream = MatrixAxes(transports: [.tcp, .udp], patterns: [.stream], batches: [1, 8])
        stream.sizeDistributions = [drawn]
        stream.zeroCopy = [true]
        let plan = Matrix.expand(stream)
        #expect(plan.skipped.contains { $0.combination == "udp stream 64B..4KiB batch=8" })
        #expect(plan.notes.contains { $0.hasPrefix("--zerocopy's sender sends one fixed size") })
        #expect(plan.cells.allSatisfy { $0.zeroCopy == nil && $0.zeroCopySetting == nil })
    }

    /// A distribution of one size is the fixed-size cell, so fixed and drawn sizes can be compared
    /// in one run; the hand-picked cells of `plan(cells:)` keep their distribution.
    @Test func aDistributionOfOneSizeIsTheFixedCell() throws {
        var axes = MatrixAxes(transports: [.unix], patterns: [.pingpong])
        axes.sizeDistributions = [try SizeDistribution(parsing: "2K"), try SizeDistribution(parsing: "64..4K")]
        let cells = Matrix.expand(axes).cells
        #expect(cells.map(\.id) == [Cell(transport: .unix, pattern: .pingpong, sizeBytes: 2048).id, Cell(transport: .unix, pattern: .pingpong, sizeBytes: 4096).id + "/size-dist=64B..4KiB"])
        #expect(Matrix.plan(cells: cells).cells == cells)
    }
}

import SockBenchCore
import SockBenchModel
import SockBenchSession
import Testing

/// `--size-dist` as typed on the command line and in a spec: one distribution per occurrence (or
/// list item), replacing the sizes a preset or spec gave, and never together with `--size`.
struct SizeDistChoicesTests {
    @Test func eachOccurrenceIsOneDistributionReplacingTheBaseSizes() throws {
        let axes = try MatrixChoices(sizeDist: ["64..4K", "64:0.9,64K:0.1"]).axes(over: MatrixAxes(sizes: [64, 1024]))
        #expect(axes.sizeDistributions?.map(\.spelling) == ["64B..4KiB", "64B:0.9,64KiB:0.1"])
        #expect(axes.messageSizes.map(\.bytes) == [4096, 65_536])
        #expect(MatrixChoices(sizeDist: ["64..4K"]).given == ["--size-dist"])

        // --size replaces a spec's distributions as it replaces its sizes.
        var base = MatrixAxes()
        base.sizeDistributions = [.uniform(smallest: 64, largest: 4096)]
        let fixed = try MatrixChoices(size: "1K").axes(over: base)
        #expect(fixed.sizeDistributions == nil && fixed.messageSizes.map(\.bytes) == [1024])
    }

    @Test func bothSizeOptionsOrABadDistributionAreRefused() {
        #expect {
            _ = try MatrixChoices(size: "64", sizeDist: ["64..4K"]).axes(over: MatrixAxes())
        } throws: { error in
            "\(error)".hasPrefix("--size and --size-dist both set the message sizes")
        }
        #expect {
            _ = try MatrixChoices(sizeDist: ["64..4K", "64:1,64K:0"]).axes(over: MatrixAxes())
        } throws: { error in
            "\(error)" == "--size-dist: invalid value '64:1,64K:0' (the weight '0' of 64KiB is not a positive number); use \(SizeDistribution.form)"
        }
    }

    @Test func aSpecListsOneDistributionPerItem() throws {
        let spec = try SpecFile.parse("""
            axes:
              transport: [unix]
              size-dist: ["64..4K", "64:0.9,64K:0.1"]
            """)
        #expect(spec.axes.sizeDistributions?.count == 2)
        #expect {
            _ = try SpecFile.parse("axes:\n  size: [64]\n  size-dist: [\"64..4K\"]\n", source: "b.yaml")
        } throws: { error in
            "\(error)".hasPrefix("b.yaml:") && "\(error)".contains("'size' and 'size-dist' both set the message sizes")
        }
    }
}

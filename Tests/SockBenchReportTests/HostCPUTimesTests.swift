import SockBenchModel
import SockBenchStats
import Testing

/// The machine's CPU time from /proc/stat: how busy the machine was during a run and how much of it
/// the hypervisor withheld.
@Suite struct HostCPUTimesTests {
    @Test func parsesTheAggregateLine() throws {
        let text = "cpu  100 5 40 800 10 3 2 50 0 0\ncpu0 50 2 20 400 5 1 1 25 0 0\nintr 1\n"
        let times = try #require(HostCPUTimes(procStat: text))
        #expect(times.busy == 100 + 5 + 40 + 3 + 2)
        #expect(times.idle == 810)
        #expect(times.steal == 50)
    }

    @Test func sharesBetweenTwoReadings() throws {
        let before = HostCPUTimes(busy: 100, idle: 800, steal: 0)
        let after = HostCPUTimes(busy: 150, idle: 840, steal: 10)
        let shares = try #require(after.shares(since: before))
        #expect(abs(shares.busy - 0.5) < 1e-12)
        #expect(abs(shares.steal - 0.1) < 1e-12)
        #expect(before.shares(since: before) == nil, "no tick passed")
    }

    @Test func thisMachineIsReadable() throws {
        let now = try #require(HostCPUTimes.current())
        #expect(now.total > 0)
    }

    @Test func stealAboveTwoPercentIsNamed() {
        #expect(NoiseWarnings.steal(0.01) == nil)
        #expect(NoiseWarnings.steal(0.07)?.contains("7.0%") == true)
    }
}

import Foundation
import SockBenchCore
import SockBenchModel

/// One condition of the claim table.
public struct ClaimRow: Sendable {
    public var condition: ClaimCondition
    public var unix: SampleStatistics?
    public var tcp: SampleStatistics?
    /// unix median / tcp median, and a conservative interval from the two CIs.
    public var ratio: Double?
    public var ratioLow: Double?
    public var ratioHigh: Double?
    public var verdict: ClaimVerdict
    public var unixDatagram: Double?
    public var udp: Double?

    /// Within ±25% of the document's 100 000 (AF_UNIX) and 40 000 (TCP) msg/s.
    public var unixNearClaim: Bool { unix.map { abs($0.median / ClaimAnalysis.claimedUnix - 1) <= 0.25 } ?? false }
    public var tcpNearClaim: Bool { tcp.map { abs($0.median / ClaimAnalysis.claimedTCP - 1) <= 0.25 } ?? false }
}

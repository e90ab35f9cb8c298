import Foundation
import SockBenchCore

/// Settings that hold for every measurement of a run.
public struct MeasurementSettings: Codable, Sendable, Hashable {
    public var warmupNanoseconds: UInt64
    public var extent: Extent
    public var verify: Bool
    /// A worker silent this long fails its measurement.
    public var idleTimeoutNanoseconds: UInt64
    /// `--mode timeout`: SO_RCVTIMEO/SO_SNDTIMEO (`--timeout`); nil in runs recorded before it existed.
    public var socketTimeoutNanoseconds: UInt64?
    /// `--connections`: processes the clients are spread over (`--client-processes`); nil: usable cores.
    public var clientProcesses: Int?
    /// Workers started elsewhere (`--server-via`, `--server-address`, …); nil: both on this host.
    public var hosts: HostPlacement? = nil
    /// `--idle`: whether idle CPUs are held polling while measuring; nil in runs recorded before it
    /// existed (they left the idle states alone).
    public var idle: IdleStates? = nil

    public init(
        warmupNanoseconds: UInt64 = 500_000_000, extent: Extent = .duration(nanoseconds: 2_000_000_000),
        verify: Bool = false, idleTimeoutNanoseconds: UInt64 = 5_000_000_000
    ) {
        self.warmupNanoseconds = warmupNanoseconds
        self.extent = extent
        self.verify = verify
        self.idleTimeoutNanoseconds = idleTimeoutNanoseconds
    }

    /// The longest a healthy measurement can take, plus room for setup and teardown.
    public var resultDeadlineNanoseconds: UInt64 {
        switch extent {
        case .duration(let nanoseconds): warmupNanoseconds + nanoseconds + max(idleTimeoutNanoseconds, socketTimeoutNanoseconds ?? 0) + 5_000_000_000
        case .count: warmupNanoseconds + 120_000_000_000
        }
    }
}

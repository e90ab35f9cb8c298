import CSockBench
import Foundation
import Histogram
import SockBenchCore
import Synchronization

/// Settings that hold for every measurement of a run.
public struct MeasurementSettings: Codable, Sendable, Hashable {
    public var warmupNanoseconds: UInt64
    public var extent: Extent
    public var verify: Bool
    /// A worker silent this long fails its measurement.
    public var idleTimeoutNanoseconds: UInt64
    /// Which hot loop the workers run: the Swift loops, or the C reference loops (calibrate).
    public var engine: Engine
    /// Workers started elsewhere (`--server-via`, `--server-address`, …); nil: both on this host.
    public var hosts: HostPlacement? = nil

    public init(
        warmupNanoseconds: UInt64 = 500_000_000, extent: Extent = .duration(nanoseconds: 2_000_000_000),
        verify: Bool = false, idleTimeoutNanoseconds: UInt64 = 5_000_000_000, engine: Engine = .swift
    ) {
        self.warmupNanoseconds = warmupNanoseconds
        self.extent = extent
        self.verify = verify
        self.idleTimeoutNanoseconds = idleTimeoutNanoseconds
        self.engine = engine
    }

    /// The longest a healthy measurement can take, plus room for setup and teardown.
    public var resultDeadlineNanoseconds: UInt64 {
        switch extent {
        case .duration(let nanoseconds): warmupNanoseconds + nanoseconds + idleTimeoutNanoseconds + 5_000_000_000
        case .count: warmupNanoseconds + 120_000_000_000
        }
    }
}

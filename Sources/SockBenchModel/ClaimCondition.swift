import SockBenchCore

/// One situation the course's claim might describe: everything but the transport.
public struct ClaimCondition: Hashable, Sendable, Codable {
    public var pattern: Pattern
    public var sizeBytes: Int
    /// TCP_NODELAY on the TCP side (AF_UNIX has no Nagle).
    public var noDelay: Bool
    /// SO_SNDBUF/SO_RCVBUF of 1 MiB requested on both sides instead of the kernel default.
    public var largeBuffers: Bool
    public var cpu: CPUPlacement
    /// What idle CPUs do while both cells are measured; nil follows the run's `--idle`. Ping-pong
    /// between cores is measured under both policies: the direction of its answer depends on it.
    public var idle: IdleStates?

    public init(
        _ pattern: Pattern, _ sizeBytes: Int, noDelay: Bool, largeBuffers: Bool = false, cpu: CPUPlacement = .split, idle: IdleStates? = nil
    ) {
        self.pattern = pattern
        self.sizeBytes = sizeBytes
        self.noDelay = noDelay
        self.largeBuffers = largeBuffers
        self.cpu = cpu
        self.idle = idle
    }

    /// `stream 64B nodelay=off bufs=default cpu=split`
    public var label: String {
        "\(pattern.rawValue) \(Quantities.formatBytes(sizeBytes)) nodelay=\(noDelay ? "on" : "off") bufs=\(largeBuffers ? "1MiB" : "default") cpu=\(cpu)" + (idle.map { " idle=\($0.rawValue)" } ?? "")
    }

    /// `PP 64B Nagle 1core`: only what differs from the baseline (TCP_NODELAY on, default
    /// buffers, different cores), short enough to label a bar.
    public var shortLabel: String {
        var words = [pattern == .pingpong ? "PP" : "ST", Quantities.formatBytes(sizeBytes)]
        if !noDelay { words.append("Nagle") }
        if largeBuffers { words.append("1MiB") }
        if cpu == .same { words.append("1core") }
        if let idle { words.append("idle=\(idle.rawValue)") }
        return words.joined(separator: " ")
    }

    public func cell(_ transport: Transport) -> Cell {
        let buffer = largeBuffers ? ClaimPlan.largeBufferBytes : nil
        // The shared-memory floor is the ring with both sides spinning: one cache-line hand-over each way.
        var cell = Cell(transport: transport, pattern: pattern, sizeBytes: sizeBytes, sendBufferBytes: buffer,
                        receiveBufferBytes: buffer, noDelay: noDelay, mode: transport == .shm ? .busyPoll : .blocking, cpu: cpu)
        cell.idle = idle
        return cell
    }
}

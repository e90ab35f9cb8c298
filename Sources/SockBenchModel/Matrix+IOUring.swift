import SockBenchCore

/// The io_uring modes (`--mode io_uring`, `io_uring-sqpoll`): their rows of the rule table. A cell the
/// modes cannot carry is skipped with the reason and a worker refuses such a job; when the kernel
/// refuses io_uring itself (no io_uring, kernel.io_uring_disabled, seccomp), every such cell is
/// skipped with the kernel's answer instead of failing.
extension Matrix {
    /// Why a cell in `mode` cannot be measured through an io_uring, or nil when it can (or `mode` is
    /// not an io_uring mode). The loops submit one send or receive at a time through the channel;
    /// what they do beside it (sendmmsg, writev, rr's MSG_DONTWAIT, the epoll server) is not submitted.
    public static func unsupportedIOUring(
        _ transport: Transport, _ pattern: Pattern, mode: IOMode, batch: Int?, connections: Int?, splitWrite: SplitStyle?
    ) -> String? {
        guard mode.usesIOUring else { return nil }
        if connections != nil { return "--connections runs one epoll loop over every connection; it has no io_uring form" }
        if pattern == .rr { return "rr's client takes replies between its slots with recv(MSG_DONTWAIT); it has no io_uring form (measure pingpong or stream)" }
        if pattern == .connect { return "the connect pattern uses blocking sockets (modes blocking and timeout)" }
        if let batch, batch > 1 { return "--batch sends with sendmmsg/recvmmsg, which the io_uring modes do not submit (use --batch 1)" }
        if splitWrite == .writev { return "--split-write writev: the io_uring modes submit send and recv only (use plain, more or cork)" }
        return nil
    }

    /// Why this kernel will not set up a ring for `mode`, or nil when it will: the probe's error and
    /// kernel.io_uring_disabled. The probe sets up a ring and tears it down (SQPOLL: its thread too).
    public static func kernelIOUringRefusal(_ mode: IOMode) -> String? {
        guard mode.usesIOUring, let error = IOUringProbe.refusal(sqpoll: mode == .ioUringSQPoll) else { return nil }
        let setting = HostLimits.sysctl("kernel.io_uring_disabled").map { "; kernel.io_uring_disabled = \($0)" } ?? ""
        return "the kernel refuses io_uring (\(error)\(setting))"
    }

    /// Skips the io_uring cells the rules above refuse, or all of them when `kernelRefusal` says the
    /// kernel refuses the mode (asked once per mode).
    static func applyIOUring(to cells: [Cell], kernelRefusal: (IOMode) -> String?) -> (cells: [Cell], skipped: [SkippedCombination]) {
        var refusals: [IOMode: String?] = [:]
        var kept: [Cell] = []
        var skipped: [SkippedCombination] = []
        for cell in cells {
            guard cell.mode.usesIOUring else {
                kept.append(cell)
                continue
            }
            let rule = unsupportedIOUring(
                cell.transport, cell.pattern, mode: cell.mode, batch: cell.batch, connections: cell.connections, splitWrite: cell.splitWrite
            )
            if refusals.index(forKey: cell.mode) == nil { refusals[cell.mode] = .some(kernelRefusal(cell.mode)) }
            let kernel: String? = refusals[cell.mode] ?? nil
            guard let reason = rule ?? kernel else {
                kept.append(cell)
                continue
            }
            let entry = SkippedCombination(
                combination: "\(cell.transport.rawValue) \(cell.pattern.rawValue) \(cell.sizeLabel) \(cell.mode.rawValue)", reason: reason
            )
            if !skipped.contains(entry) { skipped.append(entry) }
        }
        return (kept, skipped)
    }
}

/// What the CPUs may do while they wait during a measurement (`--idle`).
///
/// A worker pinned to its own core sleeps between messages, and waking a sleeping core is part of
/// every cross-core round trip. How long that takes is a property of the machine's idle states, not
/// of the sockets: a few microseconds on an idle-polling core, tens to thousands in a deep C-state
/// or, in a VM, a halted vCPU that the hypervisor must schedule again.
public enum IdleStates: String, Codable, Sendable, CaseIterable {
    /// Hold the kernel's PM QoS limit (/dev/cpu_dma_latency) at 0 µs while measuring, so idle CPUs
    /// poll instead of entering a sleep state, as cyclictest and tuned's latency-performance profile
    /// do. The limit is dropped when sockbench exits, however it exits.
    case poll
    /// Leave the idle governor alone: wake-ups include whatever the idle states cost.
    case os

    /// The policy of runs recorded before the option existed.
    public static let recordedDefault = IdleStates.os
}

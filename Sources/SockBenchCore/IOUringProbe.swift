/// Whether this kernel sets up an io_uring: the one check behind the io_uring modes' skip rule.
public enum IOUringProbe {
    /// nil when a ring (with `sqpoll`, an SQPOLL ring) can be set up, else the kernel's refusal.
    public static func refusal(sqpoll: Bool) -> SyscallError? {
        do {
            Sys.ringDestroy(try Sys.ringCreate(sqpoll: sqpoll))
            return nil
        } catch {
            return error
        }
    }
}

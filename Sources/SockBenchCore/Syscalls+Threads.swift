import Glibc

/// Threads of one worker process (`--threads`): created and joined through the same door as every
/// other call. pthread functions return their error code instead of setting errno.
extension Sys {
    /// Starts a thread that runs `start(argument)`; the argument's ownership passes to the thread.
    public static func startThread(
        _ start: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer?, _ argument: UnsafeMutableRawPointer
    ) throws(SyscallError) -> pthread_t {
        var thread = pthread_t()
        let code = pthread_create(&thread, nil, start, argument)
        guard code == 0 else { throw SyscallError(call: "pthread_create", errno: Errno(rawValue: code)) }
        return thread
    }

    /// Waits for a thread started by `startThread` to end. A failure here is a programmer error
    /// (a thread joined twice or never started).
    public static func joinThread(_ thread: pthread_t) {
        let code = pthread_join(thread, nil)
        precondition(code == 0, "pthread_join failed: \(Errno(rawValue: code))")
    }
}

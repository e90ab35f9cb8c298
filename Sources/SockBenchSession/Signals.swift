import Foundation
import SockBenchRunner

/// SIGINT/SIGTERM: the first asks the matrix to stop between measurements (the current workers are
/// killed); a second SIGKILLs every worker at once, so nothing is waited for, and the run still
/// keeps its rows, is marked interrupted and removes its socket directory; a third exits at once
/// (the next run removes what is left in /tmp).
public enum Signals {
    public static func install() {
        signal(SIGPIPE, SIG_IGN)
        // A parent may have left these blocked (the mask survives exec); a run must hear them.
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        sigaddset(&mask, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        Interruption.prepareForSignalHandler()
        for number in [SIGINT, SIGTERM] {
            signal(number) { received in
                // Async-signal-safe only: atomic loads and stores, kill and _exit.
                if Interruption.recordFirst(received) { return }
                WorkerProcess.killAllFromSignalHandler()
                if Interruption.recordRepeat() >= 2 { _exit(128 + Interruption.signal) }
            }
        }
    }

    public static func restore() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

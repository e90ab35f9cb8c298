import ArgumentParser
import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchReport
import SockBenchRunner
import SockBenchStats
import SockBenchStore

/// SIGINT/SIGTERM: the first asks the matrix to stop between measurements (the current workers are
/// killed); a second exits at once after killing every worker.
enum Signals {
    static func install() {
        signal(SIGPIPE, SIG_IGN)
        // A parent may have left these blocked (the mask survives exec); a run must hear them.
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        sigaddset(&mask, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        for number in [SIGINT, SIGTERM] {
            signal(number) { received in
                if Interruption.signal != 0 {
                    WorkerProcess.killAllFromSignalHandler()
                    _exit(128 + received)
                }
                Interruption.signal = received
            }
        }
    }

    static func restore() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

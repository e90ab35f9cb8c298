import SockBenchCore
import SockBenchModel

/// `--connections`: every connection is a descriptor in the server process. Raises this process's
/// RLIMIT_NOFILE (workers inherit it, and raise their own too) and refuses a run the hard limit
/// cannot hold, before any worker starts.
enum OpenFiles {
    /// Descriptors a worker needs besides its connections: stdio, control pipes, epoll, listener.
    static let overhead = 64

    static func check(_ axes: MatrixAxes) throws(PlanError) {
        guard let most = axes.connections?.max() else { return }
        let need = most + overhead
        let limits: (soft: Int, hard: Int)
        do { limits = try Sys.raiseOpenFiles(to: need) } catch { throw .openFilesUnraisable("\(error)") }
        if limits.soft < need {
            throw .openFiles(connections: most, need: need, soft: limits.soft, hard: limits.hard)
        }
    }
}

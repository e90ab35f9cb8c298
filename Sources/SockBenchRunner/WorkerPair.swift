/// The two worker processes of one pair.
struct WorkerPair: Sendable {
    var client: WorkerProcess
    var server: WorkerProcess
}

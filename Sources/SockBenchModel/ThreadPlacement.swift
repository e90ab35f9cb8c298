import SockBenchCore

/// Where the threads of a `--threads` cell run. Under `--cpu split` the usable cores are halved by
/// number (client threads on the lower half, server threads on the upper), and each side's threads
/// take its cores in turn, one per core as far as they go; `same` puts every thread on the first
/// usable core, `C+S` the client threads on C and the server threads on S; `none` pins nothing.
public struct ThreadPlacement: Sendable, Hashable, CustomStringConvertible {
    /// The core of each server thread; nil when the scheduler places them.
    public var server: [Int]?
    /// The cores of each client process's threads; nil when the scheduler places them.
    public var clients: [[Int]]?
    public let usableCPUs: Int

    public init(cell: Cell, clientProcesses: Int, usable: [Int]) {
        let threads = cell.threads ?? 1
        usableCPUs = usable.count
        let sides: (client: [Int], server: [Int])?
        switch cell.cpu {
        case .none: sides = nil
        case .same: sides = ([usable[0]], [usable[0]])
        case .explicit(let client, let server): sides = ([client], [server])
        case .split:
            let half = max(1, usable.count / 2)
            sides = (Array(usable.prefix(half)), usable.count > 1 ? Array(usable.dropFirst(half)) : usable)
        }
        guard let sides else {
            (server, clients) = (nil, nil)
            return
        }
        server = (0..<threads).map { sides.server[$0 % sides.server.count] }
        clients = (0..<clientProcesses).map { process in
            (0..<threads).map { thread in sides.client[(process * threads + thread) % sides.client.count] }
        }
    }

    /// Threads in the cell: the server's and every client process's.
    public var threadCount: Int { (server?.count ?? 0) + (clients?.reduce(0) { $0 + $1.count } ?? 0) }

    /// As the CSV's placement column and `--dry-run` write it: `server 1,1 client 0,0` (client
    /// processes apart by `/`), or `scheduler` when nothing is pinned.
    public var description: String {
        guard let server, let clients else { return "scheduler" }
        let clientText = clients.map { $0.map(String.init).joined(separator: ",") }.joined(separator: "/")
        return "server \(server.map(String.init).joined(separator: ",")) client \(clientText)"
    }

    /// The warning of a cell whose threads outnumber the usable cores: measured, but the threads
    /// take turns on cores, so the cell shows time-sharing rather than parallel scaling.
    public static func warning(cell: Cell, clientProcesses: Int, usable: [Int]) -> String? {
        guard let threads = cell.threads, threads > 1 else { return nil }
        let total = threads * (1 + clientProcesses)
        guard total > usable.count else { return nil }
        return "--threads \(threads) (\(cell.transport.rawValue), \(cell.connections ?? 0) connections): \(threads) server and \(threads * clientProcesses) client threads on \(usable.count) usable cores, so threads share cores; measured, but the figure shows time-sharing, not parallel scaling"
    }
}

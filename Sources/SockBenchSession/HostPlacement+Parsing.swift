import SockBenchCore
import SockBenchModel
import SockBenchRunner

extension HostPlacement {
    /// The placement the host options describe, each value as typed. A bad value throws one
    /// `AxisError` line naming its option; a server name that does not resolve throws
    /// `ServerAddress.Problem.unresolved` (EX_NOHOST), before anything starts.
    public static func parse(
        serverVia: String?, serverAddress: String?, serverBinary: String?, serverPort: Int?,
        clientVia: String?, clientBinary: String?, connectTimeout: TimeSpan?
    ) throws -> HostPlacement {
        for (option, value) in [("--server-via", serverVia), ("--client-via", clientVia)] {
            if let value, CommandWords.split(value).isEmpty { throw AxisError("\(option): empty command; give a launcher such as 'ssh hostb'") }
        }
        if let serverAddress {
            // Before anything starts: a malformed address is a usage error, a name that does not
            // resolve is EX_NOHOST, instead of a failed row per cell with an errno that does not apply.
            do { try ServerAddress.check(serverAddress) } catch {
                switch error {
                case .malformed: throw AxisError(error.description)
                case .unresolved: throw error
                }
            }
        }
        if let serverPort, !(0...65_535).contains(serverPort) { throw AxisError("--server-port: \(serverPort) is outside 0...65535") }
        if serverBinary != nil, serverVia == nil { throw AxisError("--server-binary needs --server-via (the local worker is this binary)") }
        if clientBinary != nil, clientVia == nil { throw AxisError("--client-binary needs --client-via (the local worker is this binary)") }
        if serverVia != nil, serverAddress == nil {
            throw AxisError("--server-via needs --server-address: the server elsewhere cannot bind this host's loopback")
        }
        var timeout = HostPlacement.defaultConnectTimeoutNanoseconds
        if let connectTimeout {
            timeout = try AxisParsing.positive(connectTimeout, option: "--connect-timeout")
            if timeout > 600_000_000_000 { throw AxisError("--connect-timeout: \(connectTimeout) is longer than 10 minutes") }
        }
        return HostPlacement(
            serverVia: serverVia, serverAddress: serverAddress, serverBinary: serverBinary, serverPort: serverPort,
            clientVia: clientVia, clientBinary: clientBinary, connectTimeoutNanoseconds: timeout
        )
    }
}

extension Coordinator {
    /// For workers that may run apart: starts and checks the first pair before the run directory is
    /// made, so a launcher that fails or a different sockbench elsewhere stops the run with nothing
    /// written. nil when both workers are local (the session starts its own coordinator).
    public static func prepared(executable: String, hosts: HostPlacement, idle: IdleStates) throws -> Coordinator? {
        guard hosts.workersMayBeApart else { return nil }
        let coordinator = try Coordinator(executable: executable, hosts: hosts, idle: idle)
        try coordinator.prepare()
        return coordinator
    }
}

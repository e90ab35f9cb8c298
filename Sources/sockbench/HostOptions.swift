import ArgumentParser
import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchRunner

/// Where the workers run: run-level options, recorded in run.json and (address and launchers) in
/// every cell id, never axes to multiply.
struct HostOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Command prefix that starts the server-side worker elsewhere, such as 'ssh hostb' or 'ip netns exec b'. It must connect the worker's stdin and stdout (ssh does; for docker/kubectl use exec -i). AF_UNIX cells are skipped.", valueName: "command"))
    var serverVia: String?

    @Option(help: ArgumentHelp("IPv4 or IPv6 address, or host name, that the server binds and the client connects to (default: loopback). Cells of the other IP family are skipped for a numeric address.", valueName: "addr"))
    var serverAddress: String?

    @Option(help: ArgumentHelp("The sockbench binary the server launcher runs (default: sockbench on the remote PATH).", valueName: "path"))
    var serverBinary: String?

    @Option(help: ArgumentHelp("Port the server binds, for firewalled networks; pair i binds port+i. (default: 0, the kernel picks and the port travels back over the control channel)", valueName: "n"))
    var serverPort: Int?

    @Option(help: ArgumentHelp("Command prefix that starts the client-side worker elsewhere, as --server-via.", valueName: "command"))
    var clientVia: String?

    @Option(help: ArgumentHelp("The sockbench binary the client launcher runs (default: sockbench on the remote PATH).", valueName: "path"))
    var clientBinary: String?

    @Option(help: ArgumentHelp("How long a TCP connect waits for an answer before the row fails with ETIMEDOUT, with a unit. (default: 5s)", valueName: "duration"))
    var connectTimeout: String?

    /// The options given, such as ["--server-via"], for refusing them where they do not apply.
    var given: [String] {
        let options: [(String, Bool)] = [
            ("--server-via", serverVia != nil), ("--server-address", serverAddress != nil), ("--server-binary", serverBinary != nil),
            ("--server-port", serverPort != nil), ("--client-via", clientVia != nil), ("--client-binary", clientBinary != nil),
            ("--connect-timeout", connectTimeout != nil),
        ]
        return options.filter(\.1).map(\.0)
    }

    /// The placement, or nil when no option was given (the run is as before, ids unchanged).
    func placement() throws -> HostPlacement? {
        guard !given.isEmpty else { return nil }
        for (option, value) in [("--server-via", serverVia), ("--client-via", clientVia)] {
            if let value, CommandWords.split(value).isEmpty { throw ValidationError("\(option): empty command; give a launcher such as 'ssh hostb'") }
        }
        if let serverAddress {
            // Before anything starts: a malformed address is a usage error, a name that does not
            // resolve is EX_NOHOST, instead of a failed row per cell with an errno that does not apply.
            do { try ServerAddress.check(serverAddress) } catch {
                switch error {
                case .malformed: throw ValidationError(error.description)
                case .unresolved: throw CLIErrors.exit(error.description, status: .unknownHost)
                }
            }
        }
        if let serverPort, !(0...65_535).contains(serverPort) { throw ValidationError("--server-port: \(serverPort) is outside 0...65535") }
        if serverBinary != nil, serverVia == nil { throw ValidationError("--server-binary needs --server-via (the local worker is this binary)") }
        if clientBinary != nil, clientVia == nil { throw ValidationError("--client-binary needs --client-via (the local worker is this binary)") }
        if serverVia != nil, serverAddress == nil {
            throw ValidationError("--server-via needs --server-address: the server elsewhere cannot bind this host's loopback")
        }
        var timeout = HostPlacement.defaultConnectTimeoutNanoseconds
        if let connectTimeout {
            do { timeout = try AxisParsing.duration(connectTimeout, option: "--connect-timeout", allowZero: false) } catch let error as AxisError {
                throw ValidationError(error.description)
            }
            if timeout > 600_000_000_000 { throw ValidationError("--connect-timeout: \(connectTimeout) is longer than 10 minutes") }
        }
        return HostPlacement(
            serverVia: serverVia, serverAddress: serverAddress, serverBinary: serverBinary, serverPort: serverPort,
            clientVia: clientVia, clientBinary: clientBinary, connectTimeoutNanoseconds: timeout
        )
    }
}

/// Starts the first pair before the run directory is made, so a launcher that fails or a different
/// sockbench elsewhere stops the run with one line (exit 69, EX_UNAVAILABLE) and nothing is written.
enum HostPreflight {
    static func coordinator(for hosts: HostPlacement?, idle: IdleStates) throws -> Coordinator? {
        guard let hosts, hosts.workersMayBeApart else { return nil }
        do {
            let coordinator = try Coordinator(executable: Execution.executable, hosts: hosts, idle: idle)
            try coordinator.prepare()
            return coordinator
        } catch let error as WorkerStartError {
            Console.error(CLIErrors.prefix + error.description)
            throw ExitCode(ExitStatus.workersUnavailable.rawValue)
        }
    }
}

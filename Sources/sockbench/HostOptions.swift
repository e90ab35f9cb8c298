import ArgumentParser
import Foundation
import SockBenchModel
import SockBenchRunner
import SockBenchSession

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

    @Option(quantity: ArgumentHelp("How long a TCP connect waits for an answer before the row fails with ETIMEDOUT, with a unit. (default: 5s)", valueName: "duration"))
    var connectTimeout: TimeSpan?

    /// The values as typed, for the rules in SockBenchSession.
    var choices: HostChoices {
        HostChoices(
            serverVia: serverVia, serverAddress: serverAddress, serverBinary: serverBinary, serverPort: serverPort,
            clientVia: clientVia, clientBinary: clientBinary, connectTimeout: connectTimeout
        )
    }

    var given: [String] { choices.given }

    /// The placement, or nil when no option was given (the run is as before, ids unchanged).
    func placement() throws -> HostPlacement? {
        do {
            return try CLIErrors.validating { try choices.placement() }
        } catch let error as ServerAddress.Problem {
            throw CLIErrors.exit(error.description, status: .unknownHost)
        }
    }
}

/// Starts the first pair before the run directory is made, so a launcher that fails or a different
/// sockbench elsewhere stops the run with one line (exit 69, EX_UNAVAILABLE) and nothing is written.
enum HostPreflight {
    static func coordinator(for hosts: HostPlacement?, idle: IdleStates) throws -> Coordinator? {
        guard let hosts else { return nil }
        do {
            return try Coordinator.prepared(executable: Execution.executable, hosts: hosts, idle: idle)
        } catch let error as WorkerStartError {
            Console.error(CLIErrors.prefix + error.description)
            throw ExitCode(ExitStatus.workersUnavailable.rawValue)
        }
    }
}

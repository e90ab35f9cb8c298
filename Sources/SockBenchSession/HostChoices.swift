import SockBenchModel

/// Where the workers run, as the user typed it (nil: not given): run's host options.
public struct HostChoices: Sendable {
    public var serverVia, serverAddress, serverBinary: String?
    public var serverPort: Int?
    public var clientVia, clientBinary: String?
    public var connectTimeout: TimeSpan?

    public init(
        serverVia: String? = nil, serverAddress: String? = nil, serverBinary: String? = nil, serverPort: Int? = nil,
        clientVia: String? = nil, clientBinary: String? = nil, connectTimeout: TimeSpan? = nil
    ) {
        (self.serverVia, self.serverAddress, self.serverBinary, self.serverPort) = (serverVia, serverAddress, serverBinary, serverPort)
        (self.clientVia, self.clientBinary, self.connectTimeout) = (clientVia, clientBinary, connectTimeout)
    }

    /// The options given, such as ["--server-via"], for refusing them where they do not apply.
    public var given: [String] {
        let options: [(String, Bool)] = [
            ("--server-via", serverVia != nil), ("--server-address", serverAddress != nil), ("--server-binary", serverBinary != nil),
            ("--server-port", serverPort != nil), ("--client-via", clientVia != nil), ("--client-binary", clientBinary != nil),
            ("--connect-timeout", connectTimeout != nil),
        ]
        return options.filter(\.1).map(\.0)
    }

    /// The placement, or nil when no option was given (the run is as before, ids unchanged); throws
    /// as `HostPlacement.parse` does.
    public func placement() throws -> HostPlacement? {
        guard !given.isEmpty else { return nil }
        return try HostPlacement.parse(
            serverVia: serverVia, serverAddress: serverAddress, serverBinary: serverBinary, serverPort: serverPort,
            clientVia: clientVia, clientBinary: clientBinary, connectTimeout: connectTimeout
        )
    }
}

import Foundation
import SockBenchCore
import SockBenchModel

/// The first control message of every worker: who it is, before the coordinator sends any job.
///
/// Its JSON shape (`{"hello":{"sockbench":…,"protocolVersion":…}}`) must never change, so a
/// coordinator can name the version of any worker it meets, even one whose other messages it could
/// not read.
public struct WorkerHello: Codable, Sendable {
    public var sockbench: String
    public var protocolVersion: Int
    /// The worker's host, collected by the worker itself (run.json records the server's).
    public var host: HostInfo?

    /// Bumped whenever a control message changes shape.
    public static let currentProtocolVersion = 2

    public static func current() -> WorkerHello {
        WorkerHello(sockbench: SockBenchVersion.current, protocolVersion: currentProtocolVersion, host: HostInfo.current())
    }

    /// Only the identifying fields, decoded leniently from whatever the first line holds.
    struct Header: Decodable {
        struct Fields: Decodable {
            var sockbench: String
            var protocolVersion: Int?
        }
        var hello: Fields
    }

    /// Why a worker that said `line` first cannot be used, or nil when it matches this sockbench.
    /// `who` names it as the user started it: `server worker (via 'ssh b')`.
    static func mismatch(in line: [UInt8], who: String) -> String? {
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(line)) else {
            let text = String(decoding: line.prefix(120), as: UTF8.self)
            return "\(who) did not answer like a sockbench worker (first line: \(text))"
        }
        let theirs = header.hello
        if theirs.sockbench != SockBenchVersion.current {
            return "\(who) is sockbench \(theirs.sockbench), this is \(SockBenchVersion.current): install the same version on both hosts"
        }
        if theirs.protocolVersion != currentProtocolVersion {
            return "\(who) speaks control protocol \(theirs.protocolVersion.map(String.init) ?? "1"), this sockbench speaks \(currentProtocolVersion): install the same build on both hosts"
        }
        return nil
    }
}

import Foundation
import SockBenchCore
import SockBenchModel

/// How one condition's measured AF_UNIX/TCP ratio compares with the claimed 2.5.
public enum ClaimVerdict: String, Sendable, Codable {
    case holds = "near the claimed 2.5x"
    case weaker = "AF_UNIX faster, by less than claimed"
    case stronger = "AF_UNIX faster, by more than claimed"
    case even = "no clear difference"
    case inverted = "TCP faster: claim inverted"
    case missing = "not measured"
}

import Foundation
import Testing
@testable import SockBenchRunner

/// `--idle poll` holds /dev/cpu_dma_latency open with 0 in it for as long as the hold lives;
/// `--idle os` opens nothing. Without the device or root the hold fails with a warning, never silently.
struct IdleStateHoldTests {
    /// Descriptors of this process that point at the PM QoS device.
    static func openHolds() -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")) == IdleStateHold.path }.count
    }

    @Test func pollHoldsTheLimitUntilReleasedAndOsHoldsNothing() {
        let before = Self.openHolds()
        do {
            let hold = IdleStateHold(.poll)
            if hold.isHeld {
                #expect(Self.openHolds() == before + 1)
                #expect(hold.warning == nil && hold.note.contains("held polling"))
            } else {
                // No device or no permission here: the failure must be said, with the way out.
                #expect(hold.warning?.contains("--idle os") == true, "\(hold.note)")
            }
        }
        #expect(Self.openHolds() == before, "the hold outlived its owner")
        let none = IdleStateHold(.os)
        #expect(!none.isHeld && none.warning == nil && Self.openHolds() == before)
    }
}

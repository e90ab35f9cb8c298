import Foundation
import SockBenchRunner

extension RunProgress {
    /// The progress line: `[i/N] cell rep r  elapsed m:ss  ETA m:ss`, then the session's note.
    public var line: String {
        String(
            format: "[%d/%d] %@ rep %d  elapsed %@  ETA %@",
            index, total, cell.id, repetition, Self.clock(elapsedSeconds), Self.clock(remainingSeconds)
        ) + (note.map { "  \($0)" } ?? "")
    }

    /// Whole seconds as `m:ss`.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d", total / 60, total % 60)
    }
}

import SockBenchModel
import SockBenchStore

/// The idle policy a run's figures hold for, as the line above its console table says it.
public enum IdleStatesText {
    public static func header(_ metadata: RunMetadata) -> String {
        let policy = metadata.settings.idle ?? .recordedDefault
        let held = metadata.notes.first { $0.hasPrefix("idle states:") } ?? ""
        let own = Set(metadata.cells.compactMap(\.idle)).sorted { $0.rawValue < $1.rawValue }
        var text = "\(policy.rawValue)" + (held.isEmpty ? "" : " (\(held.dropFirst("idle states: ".count)))")
        if !own.isEmpty { text += "; cells with idle=\(own.map(\.rawValue).joined(separator: "/")) measured under their own policy" }
        return text
    }
}

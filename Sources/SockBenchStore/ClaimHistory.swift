import Foundation
import SockBenchModel
import SockBenchStats

/// The earlier `reproduce` runs made on this machine: their claim.csv intervals per condition, so a
/// new run can see how far the ratio moves between runs (`BetweenRuns`).
public enum ClaimHistory {
    /// How many earlier runs count, newest first: the machine's state changes over days, so old
    /// runs would describe another machine.
    public static let maximumRuns = 8

    /// One earlier run found.
    public struct Run: Sendable {
        public var directory: String
        public var startTime: String
        public var ratios: [String: RunRatio]
    }

    /// The complete `reproduce` runs in `directory` (one level down) measured on a host with the
    /// same kernel, CPU model and core count as `host`, except `excluding`, newest first, at most
    /// `maximumRuns`. Directories that cannot be read are passed over: history is advice, never a
    /// reason for a run to fail.
    public static func runs(in directory: String, host: HostInfo, excluding: String) -> [Run] {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory) else { return [] }
        let excluded = URL(fileURLWithPath: excluding).standardizedFileURL.path
        var found: [Run] = []
        for name in names {
            let path = "\(directory)/\(name)"
            guard URL(fileURLWithPath: path).standardizedFileURL.path != excluded,
                  fileManager.fileExists(atPath: "\(path)/claim.csv"),
                  let metadata = try? RunDirectory.open(path).readMetadata(),
                  metadata.name == "reproduce", metadata.state == .complete,
                  metadata.host.kernel == host.kernel, metadata.host.cpuModel == host.cpuModel, metadata.host.cores == host.cores,
                  let text = try? String(contentsOfFile: "\(path)/claim.csv", encoding: .utf8)
            else { continue }
            let ratios = Self.ratios(claimCSV: text, run: name)
            if !ratios.isEmpty { found.append(Run(directory: path, startTime: metadata.startTime, ratios: ratios)) }
        }
        return Array(found.sorted { $0.startTime > $1.startTime }.prefix(maximumRuns))
    }

    /// Per condition label, the earlier runs' intervals, newest first.
    public static func byCondition(_ runs: [Run]) -> [String: [RunRatio]] {
        var result: [String: [RunRatio]] = [:]
        for run in runs {
            for (label, ratio) in run.ratios { result[label, default: []].append(ratio) }
        }
        return result
    }

    /// claim.csv's condition, ratio, ratio_low and ratio_high, by column name; rows without a
    /// measured ratio are left out.
    public static func ratios(claimCSV text: String, run: String) -> [String: RunRatio] {
        let rows = CSV.parse(text, keepUnterminated: false)
        guard let header = rows.first,
              let condition = header.firstIndex(of: ClaimColumn.condition.column), let ratio = header.firstIndex(of: ClaimColumn.ratio.column),
              let low = header.firstIndex(of: ClaimColumn.ratioLow.column), let high = header.firstIndex(of: ClaimColumn.ratioHigh.column)
        else { return [:] }
        var result: [String: RunRatio] = [:]
        for row in rows.dropFirst() where row.count == header.count {
            guard let r = Double(row[ratio]), let l = Double(row[low]), let h = Double(row[high]), l > 0, l <= r, r <= h else { continue }
            result[row[condition]] = RunRatio(run: run, ratio: r, low: l, high: h)
        }
        return result
    }
}

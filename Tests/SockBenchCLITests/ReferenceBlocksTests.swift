import Foundation
import Testing

/// README.md and the docs quote the committed reference runs between generated-block markers;
/// `Benchmarks/references.py check` prints every block again from results/ and fails when a page
/// differs, when a committed file holds this checkout's path, or when results/ and plots/ outgrow
/// 250 files or 4 MB. These tests run it on this checkout, and on doctored copies to show it fails.
@Suite struct ReferenceBlocksTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func check(root: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", package + "/Benchmarks/references.py"] + (root.map { ["--root", $0] } ?? []) + ["check"]
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// A copy of what the check reads: README.md, docs/ and the references in results/ and plots/
    /// (not the scratch runs a developer's results/ may hold).
    static func copy(into root: String) throws {
        for item in ["README.md", "docs"] {
            try FileManager.default.copyItem(atPath: package + "/" + item, toPath: root + "/" + item)
        }
        for top in ["results", "plots"] {
            try FileManager.default.createDirectory(atPath: root + "/" + top, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: package + "/" + top) where name.hasPrefix("reference") || name == "README.md" {
                try FileManager.default.copyItem(atPath: package + "/\(top)/\(name)", toPath: root + "/\(top)/\(name)")
            }
        }
    }

    static func replaceFirst(_ old: String, with new: String, in file: String) throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let range = try #require(text.range(of: old), "\(old) in \(file)")
        try text.replacingCharacters(in: range, with: new).write(toFile: file, atomically: true, encoding: .utf8)
    }

    @Test func everyBlockMatchesTheCommittedFiles() throws {
        let result = try Self.check()
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("blocks match the committed files"))
    }

    /// A figure changed by hand in README's block is caught, and the message names the file, the
    /// block and both lines.
    @Test func aFigureEditedInTheReadmeFails() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        try Self.copy(into: root)
        #expect(try Self.check(root: root).status == 0)
        let readme = root + "/README.md"
        let text = try String(contentsOfFile: readme, encoding: .utf8)
        // The first row of the claim table: its AF_UNIX figure gains a digit.
        let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("| PP ") }.map(String.init))
        let cells = row.split(separator: "|", omittingEmptySubsequences: false)
        let doctored = row.replacingOccurrences(of: "|\(cells[2])|", with: "| 9\(cells[2].dropFirst())|")
        #expect(doctored != row)
        try Self.replaceFirst(row, with: doctored, in: readme)
        let result = try Self.check(root: root)
        #expect(result.status == 1)
        #expect(result.output.contains("README.md: block 'reference' differs"), "\(result.output)")
        #expect(result.output.contains(doctored))
    }

    /// A committed file that changes under a docs block (here the nagle-trap run's summary) is caught
    /// in the page that quotes it.
    @Test func aChangedReferenceFileFailsThePageThatQuotesIt() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        try Self.copy(into: root)
        let summary = root + "/results/reference-nagle-trap/summary.csv"
        let lines = try String(contentsOfFile: summary, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        let column = try #require(header.firstIndex(of: "rtt_merged_p50_us"))
        var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[column] = String((Double(fields[column]) ?? 0) + 10)
        try ([lines[0], fields.joined(separator: ",")] + lines.dropFirst(2)).joined(separator: "\n").write(toFile: summary, atomically: true, encoding: .utf8)
        let result = try Self.check(root: root)
        #expect(result.status == 1)
        #expect(result.output.contains("docs/connections.md: block 'nagle-trap' differs"), "\(result.output)")
    }

    /// A committed file holding the path of the checkout it was made in is caught (run.json records
    /// the command line, JSON-escaped).
    @Test func aCheckoutPathInACommittedFileFails() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        try Self.copy(into: root)
        let escaped = (root + "/.build/release/sockbench").replacingOccurrences(of: "/", with: "\\/")
        try Self.replaceFirst("\".build\\/release\\/sockbench\"", with: "\"\(escaped)\"", in: root + "/results/reference-netns/run.json")
        let result = try Self.check(root: root)
        #expect(result.status == 1)
        #expect(result.output.contains("results/reference-netns/run.json: contains this machine's checkout path"), "\(result.output)")
    }
}

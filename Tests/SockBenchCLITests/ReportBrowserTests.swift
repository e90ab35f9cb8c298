import Foundation
import Testing

/// report.html in a real browser: headless chromium loads the page a run wrote and we read back
/// what it rendered. `.ci/run` installs chromium (and gnuplot), so CI always runs these.
@Suite(.serialized) struct ReportBrowserTests {
    // Skipped, with this reason in the test log, only where chromium is not installed (a developer
    // machine without it); CI installs it, so there the test always runs.
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let gnuplot = ["/usr/bin/gnuplot", "/usr/local/bin/gnuplot"].contains { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs headless chromium on `page` with its own profile under `scratch`; returns what it printed.
    static func browse(_ page: String, _ extra: [String], scratch: String) throws -> (stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(scratch)/profile",
                             "--enable-logging=stderr", "--v=0"] + extra + ["file://\(page)"]
        // Files, not pipes: chromium's log can outgrow a pipe buffer while we wait for it.
        let outPath = scratch + "/chromium.out"
        let errPath = scratch + "/chromium.err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        let stdout = FileManager.default.contents(atPath: outPath) ?? Data()
        let stderr = FileManager.default.contents(atPath: errPath) ?? Data()
        return (String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// Console messages chromium logged for the page (`CONSOLE(line)] "message"`), errors or not.
    static func consoleLines(_ log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE(") || $0.contains("Uncaught") }
    }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install -y chromium); .ci/run installs it"))
    func theRunReportLoadsCleanlyWithEveryFigureAndOneRowPerCell() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let output = root + "/run"
        let run = try CLIProcess.run([
            "run", "--transport", "unix,tcp", "--pattern", "pingpong,stream", "--size", "64,1K", "--sndbuf", "default,64K",
            "--duration", "50ms", "--warmup", "10ms", "--repetitions", "1", "--quiet", "--output", output,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let page = output + "/report.html"
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http"), "self-contained: no scripts, no external assets")

        let dom = try Self.browse(page, ["--dump-dom"], scratch: root)
        #expect(Self.consoleLines(dom.stderr).isEmpty, "console: \(Self.consoleLines(dom.stderr))")
        // 2 transports × 2 sizes × 2 buffers per pattern: 8 rows in each table, sndbuf a column.
        for pattern in ["pingpong", "stream"] {
            let table = try #require(dom.stdout.range(of: "id=\"results-\(pattern)\"").map { String(dom.stdout[$0.upperBound...].prefix { _ in true }) })
            let body = String(table[..<table.range(of: "</table>")!.lowerBound])
            #expect(body.components(separatedBy: "<tr class=\"cell\"").count - 1 == 8, "\(pattern) rows")
            #expect(body.contains("<th>sndbuf</th>") && body.contains("<th>size</th>") && !body.contains("<th>pairs</th>"))
        }
        let figures = dom.stdout.components(separatedBy: "<figure").count - 1
        if Self.gnuplot {
            #expect(figures >= 8, "every figure of the run inlined: \(figures)")
            // Each figure's SVG has a non-zero size and a caption saying what to look for.
            for chunk in dom.stdout.components(separatedBy: "<figure").dropFirst() {
                let svg = try #require(chunk.range(of: "<svg").map { String(chunk[$0.lowerBound...].prefix { $0 != ">" }) })
                let size = ["width", "height"].map { name -> Int in
                    guard let r = svg.range(of: "\(name)=\"") else { return 0 }
                    return Int(svg[r.upperBound...].prefix { $0.isNumber }) ?? 0
                }
                #expect(size.allSatisfy { $0 > 0 }, "figure size \(size)")
                #expect(chunk.contains("<figcaption>"))
            }
            // Rendered pixels: a screenshot of the page holds far more than a blank page of the same size.
            let shot = root + "/report.png"
            let blankPage = root + "/blank.html"
            try "<!DOCTYPE html><html><body></body></html>".write(toFile: blankPage, atomically: true, encoding: .utf8)
            let blankShot = root + "/blank.png"
            _ = try Self.browse(page, ["--screenshot=\(shot)", "--window-size=1200,4000", "--hide-scrollbars"], scratch: root)
            _ = try Self.browse(blankPage, ["--screenshot=\(blankShot)", "--window-size=1200,4000", "--hide-scrollbars"], scratch: root)
            let pageBytes = (try FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
            let blankBytes = (try FileManager.default.attributesOfItem(atPath: blankShot)[.size] as? Int) ?? 0
            #expect(blankBytes > 0 && pageBytes > 10 * blankBytes, "screenshot \(pageBytes) bytes, blank page \(blankBytes)")
        } else {
            #expect(figures == 0)
            #expect(dom.stdout.contains("Figures need gnuplot"))
        }
    }

    /// The committed reference reproduce run, reported again: at 1 280 × 800 the verdict comes first,
    /// then the claim figure, with the warnings after the results and folded by kind; nothing is
    /// wider than the window (a wide table scrolls inside its own box).
    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install -y chromium); .ci/run installs it"))
    func theReportLeadsWithTheVerdictAndFitsTheWindow() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let run = root + "/reference"
        try FileManager.default.copyItem(atPath: package + "/results/reference", toPath: run)
        let report = try CLIProcess.run(["report", run])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: run + "/report.html", encoding: .utf8)
        func position(_ text: String) -> Int? { html.range(of: text).map { html.distance(from: html.startIndex, to: $0.lowerBound) } }
        let verdict = try #require(position("id=\"verdict\""), "a verdict paragraph")
        let results = try #require(position("<h2>Results</h2>"))
        let warnings = try #require(position("<h2>Warnings"))
        #expect(verdict < results && results < warnings, "verdict \(verdict), results \(results), warnings \(warnings)")
        if Self.gnuplot, let figure = position("id=\"figure-claim-ratio\"") { #expect(verdict < figure && figure < results) }
        #expect(html.contains("<details class=\"warnings\">"))
        #expect(!html.contains(package), "no path of this checkout in the page")

        let (width, window) = try Self.layoutWidth(html, scratch: root)
        #expect(width <= window, "page \(width) px wide in a \(window) px window")
    }

    /// The page's laid-out width and the window's at 1 280 × 800: a copy of the page with a script
    /// that writes both into its title (the report itself has no script).
    static func layoutWidth(_ html: String, scratch: String) throws -> (page: Int, window: Int) {
        let probe = scratch + "/probe.html"
        let script = "<script>addEventListener('load', () => { document.title = 'width ' + document.documentElement.scrollWidth + ' of ' + window.innerWidth; });</script>"
        try html.replacingOccurrences(of: "</body>", with: script + "</body>").write(toFile: probe, atomically: true, encoding: .utf8)
        let dom = try browse(probe, ["--dump-dom", "--window-size=1280,800", "--virtual-time-budget=2000"], scratch: scratch)
        let title = try #require(dom.stdout.range(of: #"<title>width \d+ of \d+</title>"#, options: .regularExpression).map { String(dom.stdout[$0]) }, "\(dom.stdout.prefix(400))")
        let numbers = title.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        return (numbers[0], numbers[1])
    }

    /// The width probe can fail: a page with a table wider than the window is caught.
    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install -y chromium); .ci/run installs it"))
    func aPageWiderThanTheWindowIsSeen() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let wide = "<!DOCTYPE html><html><head><title>x</title></head><body><table><tr><td style=\"min-width: 3000px\">wide</td></tr></table></body></html>"
        let (width, window) = try Self.layoutWidth(wide, scratch: root)
        #expect(width > window)
    }

    /// The console check can fail: a page that logs an error is caught.
    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install -y chromium); .ci/run installs it"))
    func aConsoleErrorIsSeen() throws {
        let root = Scratch.directory()
        defer { Scratch.remove(root) }
        let page = root + "/broken.html"
        try "<!DOCTYPE html><html><body><script>console.error('broken page'); undefinedCall();</script></body></html>".write(toFile: page, atomically: true, encoding: .utf8)
        let result = try Self.browse(page, ["--dump-dom"], scratch: root)
        #expect(!Self.consoleLines(result.stderr).isEmpty, "\(result.stderr.suffix(2000))")
    }
}

import Foundation
import SockBenchReport
import Testing

/// A figure inlined into report.html: smaller, the same drawing, its text untouched.
@Suite struct InlineSVGTests {
    static let gnuplotSVG = """
        <?xml version="1.0" encoding="utf-8"  standalone="no"?>
        <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
        <svg 
         width="1000" height="600"
        >
        <defs>
        \t<path id='gpPt0' stroke-width='0.242' stroke='currentColor' d='M-1,0 h2 M0,-1 v2'/>
        </defs>
        <g fill="none" color="black" stroke="currentColor" stroke-width="1.00" stroke-linecap="butt" stroke-linejoin="miter">
        </g>
        \t<g id="gnuplot_plot_1" ><title>gnuplot_plot_1</title>
        <g fill="none" color="black" stroke="currentColor" stroke-width="2.00" stroke-linecap="butt" stroke-linejoin="miter">
        \t<path stroke='rgb(213,  94,   0)'  d='M127.03,283.11 L844.96,-0.04 M12.5 3.0'/></g>
        \t</g>
        \t<g transform="translate(482.97,28.34)" stroke="none" fill="black" font-size="11.00"  text-anchor="middle">
        \t\t<text>ratio 2.55 at 1.00 KiB,  p99.9</text>
        \t</g>
        </svg>
        """

    @Test func dropsWhatABrowserDoesNotNeedAndKeepsTheDrawing() {
        let inlined = InlineSVG.minified(Self.gnuplotSVG)
        #expect(inlined.hasPrefix("<svg"), "no XML prolog or doctype inside HTML")
        #expect(!inlined.contains("<title>gnuplot_plot_1</title>"))
        #expect(!inlined.contains("stroke-linecap"), "butt and miter are SVG's defaults")
        #expect(!inlined.contains("stroke-width=\"1.00\""), "the empty style group is gone")
        #expect(inlined.contains("<g id=\"gnuplot_plot_1\" >"), "a group with an id is kept even when it looks empty")
        #expect(inlined.contains("d='M127,283.1 L844.9,-0 M12.5 3'"), "coordinates to a tenth of a pixel")
        #expect(inlined.contains("rgb(213, 94, 0)"))
        #expect(inlined.contains("stroke-width='0.242'"), "marker definitions keep their precision")
        #expect(inlined.contains("<text>ratio 2.55 at 1.00 KiB,  p99.9</text>"), "text stays character for character")
        #expect(inlined.hasSuffix("</svg>"))
        #expect(inlined.utf8.count < Self.gnuplotSVG.utf8.count * 3 / 4)
    }

    @Test func balancedGroupsSurvive() {
        let inlined = InlineSVG.minified(Self.gnuplotSVG)
        let opened = inlined.components(separatedBy: "<g ").count - 1
        let closed = inlined.components(separatedBy: "</g>").count - 1
        #expect(opened == closed)
    }

    @Test func aPageHoldsGnuplotsDefinitionsOnceAndKeepsFiguresOwnPatterns() {
        let shared = "<defs>\n<path id='gpPt0' stroke-width='0.242' d='M-1,0 h2'/>\n</defs>"
        let pattern = "<defs>\n<pattern id='gpPat1'><path style='stroke:rgb(0,114,178)'/></pattern>\n</defs>"
        let figures = [
            "<svg>\n\(shared)\n<use xlink:href='#gpPt0'/>\n</svg>",
            "<svg>\n\(shared)\n\(pattern)\n<use xlink:href='#gpPt0'/>\n</svg>",
            "<svg>\n\(shared)\n<use xlink:href='#gpPt0'/>\n</svg>",
        ]
        let page = InlineSVG.sharingDefinitions(figures)
        #expect(page[0] == figures[0], "the first figure keeps the definitions the others use")
        #expect(page[1] == "<svg>\n\(pattern)\n<use xlink:href='#gpPt0'/>\n</svg>", "\(page[1])")
        #expect(page[2] == "<svg>\n<use xlink:href='#gpPt0'/>\n</svg>", "\(page[2])")
        let report = HTMLReport(title: "t", commandLine: "c", host: [], warnings: [], summaries: [],
                                figures: figures.enumerated().map { HTMLReport.Figure(name: "msg-rate-\($0.offset)", title: "f", svg: $0.element) })
        let html = report.html()
        #expect(html.components(separatedBy: "id='gpPt0'").count == 2, "one definition on the page")
        #expect(html.components(separatedBy: "xlink:href='#gpPt0'").count == 4, "every figure still draws its points")
    }

    @Test func aDrawnFileIsMinifiedOnceAndStaysAStandaloneSVG() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sockbench-svg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/figure.svg"
        let drawn = Self.gnuplotSVG.replacingOccurrences(of: " width=\"1000\" height=\"600\"", with: " width=\"1000\" height=\"600\"\n xmlns=\"http://www.w3.org/2000/svg\"")
        try drawn.write(toFile: file, atomically: true, encoding: .utf8)
        try InlineSVG.minifyFile(file)
        let once = try String(contentsOfFile: file, encoding: .utf8)
        #expect(once == InlineSVG.minified(drawn) + "\n")
        #expect(once.contains("xmlns=\"http://www.w3.org/2000/svg\""), "a file on its own still names SVG's namespace")
        try InlineSVG.minifyFile(file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == once, "minifying again changes nothing")
        try InlineSVG.minifyFile(directory + "/missing.svg")
        #expect(!FileManager.default.fileExists(atPath: directory + "/missing.svg"))
    }

    @Test func textThatIsNotSVGGivesNothing() {
        #expect(InlineSVG.minified("gnuplot: no such terminal") == "")
    }
}

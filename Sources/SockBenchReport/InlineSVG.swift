import Foundation
import SockBenchStore

/// gnuplot's SVG made fit to sit inside an HTML page, and smaller.
///
/// A report inlines every figure so that report.html stays one self-contained file; gnuplot's
/// output carries much that a browser does not need: the XML prolog and doctype, indentation,
/// a `<title>` per plotted line, empty style groups (one per `set style` change, with nothing in
/// them), attributes set to their SVG defaults, and coordinates to 0.01 px. Dropping those and
/// keeping coordinates to 0.1 px makes a figure about a third smaller and draws it the same.
/// Lines that carry text (labels, titles, keys) are kept character for character.
public enum InlineSVG {
    public static func minified(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return "" }
        var lines: [Substring] = []
        for raw in svg[start.lowerBound...].split(separator: "\n", omittingEmptySubsequences: true) {
            let line = withoutPlotTitle(raw.drop { $0 == " " || $0 == "\t" })
            if line.isEmpty { continue }
            if line == "</g>", let last = lines.last, isEmptyGroupOpening(last) {
                lines.removeLast()
                continue
            }
            lines.append(line)
        }
        var out = ""
        out.reserveCapacity(svg.utf8.count)
        var inDefinitions = false  // markers and filters: small numbers that a tenth would change
        for line in lines {
            if line.hasPrefix("<defs") { inDefinitions = true }
            if line.hasPrefix("</defs") { inDefinitions = false }
            if inDefinitions || carriesText(line) {
                out += line
            } else {
                out += compact(line)
            }
            out += "\n"
        }
        if out.hasSuffix("\n") { out.removeLast() }
        return out
    }

    /// The SVG file gnuplot drew, rewritten minified in place (about a third smaller, drawn the
    /// same; `gnuplot NAME.gp` draws the full one again). A file that is missing or holds no
    /// `<svg` is left alone.
    public static func minifyFile(_ path: String) throws(ReportError) {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let minimal = minified(String(decoding: data, as: UTF8.self))
        guard !minimal.isEmpty, minimal.utf8.count < data.count else { return }
        try FileOutput.writeAtomically(minimal + "\n", to: path, durable: false)
    }

    /// The figures of one page, in page order, with each `<defs>` block that an earlier figure
    /// already holds left out. gnuplot writes the same definitions (its point shapes and the text
    /// box filter, about 1.9 KB) into every figure, and an id in an inline SVG is the page's: a
    /// later figure's `<use xlink:href='#gpPt6'/>` draws the earlier figure's definition. A block
    /// that differs (a fill pattern of one figure's colours) stays where it is.
    public static func sharingDefinitions(_ figures: [String]) -> [String] {
        var seen: Set<Substring> = []
        return figures.map { svg in
            var out = ""
            var rest = Substring(svg)
            while let open = rest.range(of: "<defs"), let close = rest[open.lowerBound...].range(of: "</defs>") {
                let block = rest[open.lowerBound..<close.upperBound]
                out += rest[..<open.lowerBound]
                rest = rest[close.upperBound...]
                if seen.insert(block).inserted {
                    out += block
                } else if rest.hasPrefix("\n") {
                    rest = rest.dropFirst()  // the dropped block's line
                }
            }
            return out + rest
        }
    }

    /// Without `<title>gnuplot_plot_3</title>`: gnuplot's name for a plotted line, shown nowhere.
    static func withoutPlotTitle(_ line: Substring) -> Substring {
        guard let start = line.range(of: "<title>gnuplot_plot_"),
              let end = line[start.upperBound...].range(of: "</title>") else { return line }
        return Substring(line[..<start.lowerBound] + line[end.upperBound...])
    }

    /// `<g fill="none" …>` on a line of its own: a style group that the next line may close empty.
    static func isEmptyGroupOpening(_ line: Substring) -> Bool {
        line.hasPrefix("<g ") && line.hasSuffix(">") && !line.hasSuffix("/>") && !line.contains("id=")
    }

    static func carriesText(_ line: Substring) -> Bool {
        line.contains("<text") || line.contains("<tspan") || line.contains("<title") || line.contains("<desc")
    }

    static let defaults = [" stroke-linecap=\"butt\"", " stroke-linejoin=\"miter\""]

    /// Coordinates to 0.1 px (truncated: at most a tenth of a pixel off), runs of spaces as one,
    /// and attributes at their SVG default dropped.
    static func compact(_ line: Substring) -> String {
        var text = String(line)
        for attribute in defaults { text = text.replacingOccurrences(of: attribute, with: "") }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var fractionDigits: Int? = nil  // set while inside a number's fraction
        for (index, byte) in bytes.enumerated() {
            if let kept = fractionDigits {
                if isDigit(byte) {
                    if kept == 0 { out.append(byte) }
                    fractionDigits = kept + 1
                    continue
                }
                fractionDigits = nil
                dropZeroFraction(&out)
            }
            if byte == UInt8(ascii: "."), let last = out.last, isDigit(last),
               index + 1 < bytes.count, isDigit(bytes[index + 1]) {
                out.append(byte)
                fractionDigits = 0
                continue
            }
            if byte == UInt8(ascii: " "), out.last == UInt8(ascii: " ") { continue }
            out.append(byte)
        }
        if fractionDigits != nil { dropZeroFraction(&out) }
        return String(decoding: out, as: UTF8.self)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// `12.0` → `12`: a fraction truncated to zero says nothing.
    static func dropZeroFraction(_ out: inout [UInt8]) {
        if out.count >= 2, out[out.count - 1] == UInt8(ascii: "0"), out[out.count - 2] == UInt8(ascii: ".") {
            out.removeLast(2)
        }
    }
}

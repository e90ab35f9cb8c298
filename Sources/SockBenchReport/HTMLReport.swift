import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// report.html: one self-contained page per run (tables, comparisons and figures inlined as SVG; no
/// scripts, no external assets), so it opens offline and as a CI artifact. Criterion.rs's report is
/// the model: the page a reader opens instead of the CSV files.
public struct HTMLReport: Sendable {
    /// A figure: gnuplot's SVG output (nil when it could not be rendered) and what to look for.
    public struct Figure: Sendable {
        public var name: String
        public var title: String
        public var svg: String?
        public init(name: String, title: String, svg: String?) {
            self.name = name
            self.title = title
            self.svg = svg
        }
        /// One line saying what to look for in the figure.
        public var caption: String { HTMLReport.caption(forFigure: name) }
    }

    public var title: String
    public var commandLine: String
    public var host: [(String, String)]
    public var warnings: [String]
    public var summaries: [CellSummary]
    /// claim.csv and compare.csv text, when the run directory holds them.
    public var claimCSV: String?
    public var compareCSV: String?
    /// `check`: baseline vs current, shown first, regressions first.
    public var check: CheckReport?
    public var figures: [Figure]
    /// Why there are no figures (gnuplot missing), shown where they would be.
    public var figuresNote: String?
    /// The run's one-line answer (reproduce's verdict), shown first.
    public var verdict: String?

    public init(title: String, commandLine: String, host: [(String, String)], warnings: [String], summaries: [CellSummary],
                claimCSV: String? = nil, compareCSV: String? = nil, check: CheckReport? = nil, figures: [Figure] = [], figuresNote: String? = nil) {
        self.title = title
        self.commandLine = commandLine
        self.host = host
        self.warnings = warnings
        self.summaries = summaries
        self.claimCSV = claimCSV
        self.compareCSV = compareCSV
        self.check = check
        self.figures = figures
        self.figuresNote = figuresNote
    }

    /// The answer first: the title, the verdict (or the check's outcome), the figure that shows it
    /// and the table that supports it; then every cell's results and the other figures; then the
    /// warnings, grouped by kind behind disclosures, and how the run was made.
    public func html() -> String {
        var body = "<h1>\(Self.escape(title))</h1>\n"
        if let verdict { body += "<p class=\"verdict\" id=\"verdict\"><b>\(Self.escape(verdict))</b></p>\n" }
        if let check { body += checkSection(check) }
        let lead = figures.first { $0.svg != nil && ($0.name == "claim-ratio" || $0.name.hasPrefix("compare-") && !$0.name.hasSuffix("-drift")) }
        // In page order, so that the first figure holds the definitions the later ones share.
        let shown = (lead.map { [$0] } ?? []) + figures.filter { $0.svg != nil && $0.name != lead?.name }
        let drawings = InlineSVG.sharingDefinitions(shown.map { InlineSVG.minified($0.svg ?? "") })
        let elements = zip(shown, drawings).map { figureElement($0, drawing: $1) }
        if lead != nil { body += elements[0] }
        if let claimCSV { body += claimSection(claimCSV) }
        if let compareCSV { body += csvSection("Comparisons (--compare)", compareCSV, id: "compare", note: "ratio = b / a with its 95% interval from the per-slot ratios") }
        body += resultTables()
        body += "<h2>Figures</h2>\n"
        if let figuresNote { body += "<p class=\"note\">\(Self.escape(figuresNote))</p>\n" }
        body += elements.dropFirst(lead == nil ? 0 : 1).joined()
        body += warningSection()
        body += "<h2>How this run was made</h2>\n<p class=\"command\"><code>\(Self.escape(commandLine))</code></p>\n"
        body += Self.definitionTable(host, className: "host")
        return Self.page(title: title, body: body)
    }

    /// The warnings grouped by kind (the message with its cell and numbers taken out), each kind
    /// one line with its count, its cells and full messages behind a disclosure.
    func warningSection() -> String {
        guard !warnings.isEmpty else { return "" }
        let groups = WarningGroups(warnings)
        var out = "<h2>Warnings (\(warnings.count))</h2>\n"
        for group in groups.kinds {
            out += "<details class=\"warnings\"><summary>\(Self.escape(group.kind)) — \(group.messages.count)</summary>\n<ul>\n"
            out += group.messages.map { "<li>\(Self.escape($0))</li>\n" }.joined() + "</ul></details>\n"
        }
        return out
    }

    /// reproduce's claim.csv as people read it: condition, the two rates, the ratio with the interval
    /// the verdict reads, drift, spread between runs, verdict (claim.csv itself has every column).
    func claimSection(_ text: String) -> String {
        guard let claim = try? CSVTable<ClaimColumn>.parse(text, file: "claim.csv") else { return "" }
        let (low, high): (ClaimColumn, ClaimColumn) = claim.has(.verdictLow) ? (.verdictLow, .verdictHigh) : (.ratioLow, .ratioHigh)
        var out = "<h2>AF_UNIX against TCP per condition</h2>\n<p>ratio = AF_UNIX / TCP msg/s, paired slot by slot, with its 95% interval (widened by the spread between runs when earlier runs were found); a verdict stands only where the whole interval lies in one region. claim.csv holds every column.</p>\n"
        out += "<table class=\"comparison\" id=\"claim\">\n<thead><tr><th>condition</th><th>AF_UNIX msg/s</th><th>TCP msg/s</th><th>AF_UNIX/TCP (95% CI)</th><th>drift</th><th>between runs</th><th>verdict</th></tr></thead>\n<tbody>\n"
        for row in claim.rows {
            func number(_ column: ClaimColumn) -> String { row.number(column).map { NumberFormat.significant($0) } ?? "-" }
            func percent(_ column: ClaimColumn) -> String { row.number(column).map { String(format: "±%.1f%%", $0 * 100) } ?? "-" }
            let ratio = row.number(.ratio).map { r in
                "\(String(format: "%.2f", r)) (\(number(low))–\(number(high)))"
            } ?? "-"
            let label = (row[.shortLabel] ?? "").isEmpty ? row[.condition] ?? "" : row[.shortLabel] ?? ""
            let cells = [label, number(.unixRate), number(.tcpRate), ratio, percent(.ratioDrift), percent(.betweenRuns), row[.verdict] ?? ""]
            out += "<tr>" + cells.enumerated().map { $0.offset >= 1 && $0.offset <= 5 ? "<td class=\"num\">\(Self.escape($0.element))</td>" : "<td>\(Self.escape($0.element))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// One table per pattern: the axes that vary between its cells, then median and 95% interval.
    func resultTables() -> String {
        var out = "<h2>Results</h2>\n<p>Median over repetitions, with the 95% distribution-free interval of the median.</p>\n"
        for pattern in Pattern.allCases {
            let rows = summaries.filter { $0.cell.pattern == pattern }
            guard !rows.isEmpty else { continue }
            let axes = VaryingAxes(rows.map(\.cell))
            // Latency wherever it is the answer: round trips for pingpong and rr (whose msg/s the
            // schedule fixes), one-way percentiles for paced streams.
            let lost: [Metric] = rows.contains { $0.statistics[.lost] != nil } ? [.lost] : []
            let oneWay: [Metric] = rows.contains { $0.statistics[.oneWayP50] != nil } ? [.oneWayP50, .oneWayP99] : []
            let metrics: [Metric] = switch pattern {
            case .pingpong: [.messagesPerSecond, .megabytesPerSecond, .roundTripP50, .roundTripP99]
            case .rr: [.roundTripsPerSecond, .roundTripP50, .roundTripP99, .messagesPerSecond, .megabytesPerSecond] + lost
            case .stream, .connect: [.messagesPerSecond, .megabytesPerSecond] + oneWay + lost
            }
            out += "<h3>\(pattern.rawValue)</h3>\n<table class=\"results\" id=\"results-\(pattern.rawValue)\">\n<thead><tr>"
            out += axes.titles.map { "<th>\(Self.escape($0))</th>" }.joined() + "<th>n</th>"
            out += metrics.map { "<th>\(Self.escape(Self.heading($0)))</th><th>95% interval</th>" }.joined() + "<th>status</th></tr></thead>\n<tbody>\n"
            for s in rows {
                out += "<tr class=\"cell\" data-cell=\"\(Self.escape(s.cell.id))\">"
                out += axes.values(s.cell).map { "<td>\(Self.escape($0))</td>" }.joined() + "<td>\(s.okRepetitions)</td>"
                for metric in metrics {
                    if let st = s.statistics[metric] {
                        out += "<td class=\"num\">\(NumberFormat.significant(st.median))</td><td class=\"num\">\(NumberFormat.significant(st.confidenceLow)) – \(NumberFormat.significant(st.confidenceHigh))</td>"
                    } else {
                        out += "<td>-</td><td>-</td>"
                    }
                }
                out += "<td>\(Self.escape(SummaryTable.status(s)))</td></tr>\n"
            }
            out += "</tbody></table>\n"
            let common = VaryingAxes.common(rows.map(\.cell), except: axes.titles)
            if !common.isEmpty { out += "<p class=\"common\">All rows: \(Self.escape(common.joined(separator: ", ")))</p>\n" }
        }
        if summaries.isEmpty { out += "<p>No cells were measured.</p>\n" }
        return out
    }

    func checkSection(_ check: CheckReport) -> String {
        let ids = check.shortIDs
        // Regressions and failures first, then what could not be checked, then the rest.
        func rank(_ c: MetricComparison) -> Int { c.verdict.isFailure ? 0 : check.fails(c) ? 1 : c.verdict == .ok ? 3 : 2 }
        let ordered = check.comparisons.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
        var out = "<h2>Check: baseline vs current</h2>\n<p class=\"verdict\">\(Self.escape(check.summaryLine))</p>\n"
        out += "<table class=\"check\" id=\"check\">\n<thead><tr><th>cell</th><th>metric</th><th>baseline</th><th>current</th><th>change</th><th>p</th><th>verdict</th></tr></thead>\n<tbody>\n"
        for c in ordered {
            let fields = [ids[id: c.cellID], c.metric?.rawValue ?? "status", NumberFormat.significant(c.baselineMedian), NumberFormat.significant(c.currentMedian),
                          c.relativeChange.map { String(format: "%+.1f%%", $0 * 100) } ?? "-", c.pValue.map(RegressionCheck.formatP) ?? "-", c.verdict.rawValue]
            let kind = c.verdict.isFailure ? "bad" : check.fails(c) ? "unchecked" : c.verdict == .improvement ? "good" : "plain"
            out += "<tr class=\"\(kind)\">" + fields.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>\n"
        }
        out += "</tbody></table>\n"
        if !ids.common.isEmpty { out += "<p class=\"common\">All cells: \(Self.escape(ids.common))</p>\n" }
        return out
    }

    func csvSection(_ heading: String, _ text: String, id: String, note: String) -> String {
        let rows = CSV.parse(text, keepUnterminated: true)
        guard let header = rows.first else { return "" }
        var out = "<h2>\(Self.escape(heading))</h2>\n<p>\(Self.escape(note)).</p>\n<table class=\"comparison\" id=\"\(id)\">\n<thead><tr>"
        out += header.map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows.dropFirst() where row.count == header.count {
            out += "<tr>" + row.map { "<td>\(Self.escape(Self.readable($0)))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    func figureElement(_ figure: Figure, drawing: String) -> String {
        "<figure id=\"figure-\(Self.escape(figure.name))\">\n\(drawing)\n"
            + "<figcaption><b>\(Self.escape(figure.title))</b>: \(Self.escape(figure.caption))</figcaption>\n</figure>\n"
    }
}

extension HTMLReport {
    static func heading(_ metric: Metric) -> String {
        switch metric {
        case .messagesPerSecond: "msg/s"
        case .megabytesPerSecond: "MB/s"
        case .roundTripP50: "RTT p50 µs"
        case .roundTripP99: "RTT p99 µs"
        case .roundTripsPerSecond: "round trips/s"
        case .oneWayP50: "one-way p50 µs"
        case .oneWayP99: "one-way p99 µs"
        case .lost: "lost"
        default: metric.rawValue
        }
    }

    /// What to look for in a figure, by the figure's name (see `sockbench plot --help`).
    public static func caption(forFigure name: String) -> String {
        let captions: [(String, String)] = [
            ("msg-rate-vs-connections", "a flat line means one server process is the limit, however many connections share it"),
            ("p99-vs-connections", "the tail grows with connections: each request waits behind the others in the server's loop"),
            ("connect-rate", "higher is better: whole transactions, each with its own connect and close"),
            ("connect-time", "lower is better: connect() alone, the cost of setting up a connection"),
            ("split-writes", "a message written as header + body waits for a delayed ACK when TCP_NODELAY is off, once per split side of the round trip (log scale)"),
            ("msg-rate", "higher is better; where lines cross, the faster transport changes with message size"),
            ("throughput", "MB/s climbs with size while per-message cost dominates; where it flattens, copying dominates"),
            ("latency-vs-size", "lower is better; a wide gap between p50 and p99.9 is jitter, not speed"),
            ("latency-distribution", "read the tail: where a curve turns up, rare slow round trips begin"),
            ("sndbuf-sweep", "look for the knee: past it a larger SO_SNDBUF buys nothing (labels are the requested sizes)"),
            ("rcvbuf-sweep", "look for the knee: past it a larger SO_RCVBUF buys nothing (labels are the requested sizes)"),
            ("buffers", "bars of one height mean the buffer setting does not matter here"),
            ("nodelay", "compare on and off: Nagle's algorithm delays small writes that wait for a reply"),
            ("io-modes", "what each way of waiting costs; busy-poll buys latency with CPU"),
            ("cpu-per-message", "lower is better: CPU time one message costs the sender and the receiver"),
            ("claim-msg-rate", "each measured bar against the claimed rate; intervals show how sure the measurement is"),
            ("claim-ratio", "only an interval clear of the claimed ratio decides; an interval across it is undecided"),
            ("claim-drift", "each slot's ratio over time: a line that wanders is the drift the intervals include"),
            ("compare-drift", "each slot's ratio over time: a line that wanders is the drift the intervals include"),
        ]
        return captions.first { name.hasPrefix($0.0) }?.1 ?? "medians with 95% intervals"
    }

    /// A CSV number in the table's one formatting rule; any other text unchanged.
    static func readable(_ field: String) -> String {
        guard field.contains("."), let value = Double(field) else { return field }
        return NumberFormat.significant(value)
    }

    static func definitionTable(_ rows: [(String, String)], className: String) -> String {
        "<table class=\"\(className)\">\n" + rows.map { "<tr><th>\(escape($0.0))</th><td>\(escape($0.1))</td></tr>\n" }.joined() + "</table>\n"
    }

    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; }
        table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; display: block; max-width: 100%; overflow-x: auto; }
        .verdict { font-size: 1.1em; background: #eef4ff; padding: 0.6em; border-left: 4px solid #36c; }
        details.warnings { margin: 0.3em 0; } details.warnings summary { color: #8a4b00; cursor: pointer; }
        details.warnings li { font-size: 0.85em; overflow-wrap: anywhere; }
        th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        thead th { background: #f0f0f0; }
        tr.bad td { background: #fde2e2; } tr.unchecked td { background: #fff3cd; } tr.good td { background: #e2f5e2; }
        .command code { background: #f6f6f6; padding: 0.3em; display: block; white-space: pre-wrap; overflow-wrap: anywhere; }
        figure { margin: 1.5em 0; } figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
        figcaption { font-size: 0.9em; color: #444; }
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }
}

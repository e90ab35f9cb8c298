import Foundation
import SockBenchCore
import SockBenchModel
import SockBenchStats
import SockBenchStore

/// The check's three renderings: a table for the terminal, Markdown for a pull-request comment and
/// JUnit XML for CI test reports.
extension CheckReport {
    static let columns = ["cell", "metric", "baseline", "current", "change", "p", "verdict"]
    /// What the metric column shows for a verdict on a whole cell.
    static let wholeCell = "status"

    /// The metric column of a comparison: the metric's CSV name, or `status` for the whole cell.
    static func metricName(_ c: MetricComparison) -> String { c.metric?.rawValue ?? wholeCell }

    /// The column values of one comparison, shared by the table and the Markdown.
    static func fields(_ c: MetricComparison, _ ids: ShortCellIDs) -> [String] {
        [
            ids[id: c.cellID], metricName(c),
            c.baselineMedian.map(NumberFormat.compact) ?? "-", c.currentMedian.map(NumberFormat.compact) ?? "-",
            c.relativeChange.map { String(format: "%+.1f%%", $0 * 100) } ?? "-",
            c.pValue.map(RegressionCheck.formatP) ?? "-", c.verdict.rawValue,
        ]
    }

    /// Cell ids shortened to the axes that vary between this report's cells.
    public var shortIDs: ShortCellIDs { ShortCellIDs(Array(NSOrderedSet(array: comparisons.map(\.cellID))) as? [String] ?? []) }

    /// One summary line: the verdict and its tally.
    public var summaryLine: String {
        let outcome = hasRegression ? "REGRESSION" : passed ? "no regression"
            : machineDrift?.exceeded == true && !comparisons.contains(where: fails) ? "FAILED, the machine drifted" : "FAILED, could not check everything"
        let cells = Set(comparisons.map(\.cellID)).count
        return "check \(outcome): \(tally.isEmpty ? "nothing compared" : tally) (\(cells) cells; baseline \(baselineName), current \(currentName))"
    }

    /// What the reader should do about comparisons the check could not decide.
    public var hints: [String] {
        let undecided = count(.insufficientRepetitions)
        guard undecided > 0 else { return [] }
        return ["\(undecided) change(s) beyond their threshold could not be tested: measure at least \(RegressionCheck.repetitionsNeeded) repetitions per cell in both runs"]
    }

    /// What the check could not check and therefore fails on, one line each, with the option that
    /// accepts it. Empty when everything was checked or allowed.
    public var uncheckedLines: [String] {
        let ids = shortIDs
        return comparisons.filter { fails($0) && !$0.verdict.isFailure }.map { c in
            let metric = c.metric.map { " \($0.rawValue)" } ?? ""
            let option = c.verdict == .missingInCurrent ? "--allow-missing" : "--allow-undecided"
            let label = c.verdict == .missingInCurrent ? "missing" : "undecided"
            return "\(label): \(ids[id: c.cellID])\(metric): \(c.detail) (\(option) accepts this)"
        }
    }

    /// The comparisons aligned, one per line (so `grep regression` works), cell ids cut to the axes
    /// that vary with the shared ones said once below; `changesOnly` leaves out the "ok" rows. Then
    /// a line per thing that could not be checked, and the summary line.
    public func table(changesOnly: Bool = false) -> String {
        let ids = shortIDs
        let rows = changesOnly ? comparisons.filter { $0.verdict != .ok } : comparisons
        var text = rows.isEmpty
            ? "no row other than \"ok\" in \(comparisons.count) comparisons\n"
            : SummaryTable.align([Self.columns] + rows.map { Self.fields($0, ids) }) + "\n"
        if !ids.common.isEmpty { text += "every cell: \(ids.common)\n" }
        for line in uncheckedLines { text += line + "\n" }
        if let line = machineDrift?.failureLine { text += line + "\n" }
        return text + summaryLine + "\n"
    }

    /// Writes each rendering asked for (`--markdown`, `--junit`, `--json`; nil: not asked), atomically.
    public func write(markdown: String?, junit: String?, json: String?) throws(ReportError) {
        if let markdown { try FileOutput.writeAtomically(self.markdown(), to: markdown) }
        if let junit { try FileOutput.writeAtomically(self.junit(), to: junit) }
        if let json { try FileOutput.writeAtomically(self.json(), to: json) }
    }

    /// A pull-request comment: summary line, host warnings, the regressions and improvements, the
    /// cells that were not compared, then every comparison folded away.
    public func markdown() -> String {
        var text = "### sockbench check: \(hasRegression ? "regression found" : passed ? "no regression" : machineDrift?.exceeded == true ? "failed" : "failed, could not check everything")\n\n"
        text += "\(tally.isEmpty ? "nothing compared" : tally). Baseline `\(baselineName)`, current `\(currentName)`.\n"
        text += "A change counts when the median moves beyond its threshold and Mann-Whitney U gives p < \(RegressionCheck.significanceLevel).\n\n"
        for warning in hostWarnings { text += "> **Warning:** \(Self.markdownEscape(warning))\n" }
        for hint in hints { text += "> **Note:** \(hint)\n" }
        if let line = machineDrift?.failureLine { text += "> **Failed:** \(Self.markdownEscape(line))\n" }
        if !hostWarnings.isEmpty || !hints.isEmpty || machineDrift?.exceeded == true { text += "\n" }
        let ids = shortIDs
        if !ids.common.isEmpty { text += "Every cell: `\(ids.common)`.\n\n" }
        let notable = comparisons.filter { fails($0) || $0.verdict == .improvement }
        if !notable.isEmpty {
            text += "#### Regressions, improvements and what could not be checked\n\n" + Self.markdownTable(notable, ids, failing: fails) + "\n"
        }
        let uncompared = comparisons.filter { $0.verdict == .missingInCurrent || $0.verdict == .newInCurrent }
        if !uncompared.isEmpty {
            text += "#### Not compared\n\n"
            for c in uncompared { text += "- `\(ids[id: c.cellID])` \(c.metric.map { "\($0.rawValue) " } ?? "")— \(c.verdict.rawValue)\n" }
            text += "\n"
        }
        text += "<details><summary>All \(comparisons.count) comparisons</summary>\n\n" + Self.markdownTable(comparisons, ids, failing: fails) + "\n</details>\n"
        return text
    }

    /// JUnit XML: one testsuite, one testcase per cell and metric (classname = full cell id).
    /// Whatever fails the check is a `<failure>`: regressions, failed cells, and (unless allowed)
    /// missing cells and untestable changes. New cells and allowed ones are `<skipped>`: none passes.
    public func junit() -> String {
        let drift = machineDrift?.limit == nil ? nil : machineDrift
        let failures = comparisons.filter(fails).count + (drift?.exceeded == true ? 1 : 0)
        let skipped = comparisons.filter { !fails($0) && Self.isUnchecked($0.verdict) }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuite name=\"sockbench check\" tests=\"\(comparisons.count + (drift == nil ? 0 : 1))\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
        if let drift {
            // --max-drift is a test of its own: the machine, judged by the C control loops.
            let open = "  <testcase classname=\"machine\" name=\"control loops drift\""
            if let line = drift.failureLine {
                xml += "\(open)>\n    <failure message=\"\(Self.xmlEscape(line))\" type=\"machine drift\">\(Self.xmlEscape(line))</failure>\n  </testcase>\n"
            } else {
                xml += "\(open)>\n    <system-out>\(String(format: "×%.3f, within --max-drift %.0f%%", drift.median, (drift.limit ?? 0) * 100))</system-out>\n  </testcase>\n"
            }
        }
        if !hostWarnings.isEmpty {
            xml += "  <system-err>\(Self.xmlEscape(hostWarnings.map { "warning: \($0)" }.joined(separator: "\n")))</system-err>\n"
        }
        for c in comparisons {
            let open = "  <testcase classname=\"\(Self.xmlEscape(c.cellID))\" name=\"\(Self.xmlEscape(Self.metricName(c)))\""
            switch c.verdict {
            case .regression, .failed:
                xml += "\(open)>\n    <failure message=\"\(Self.xmlEscape(c.detail))\" type=\"\(c.verdict.rawValue)\">\(Self.xmlEscape(c.detail))</failure>\n  </testcase>\n"
            case _ where fails(c):
                let message = Self.xmlEscape(c.verdict.rawValue + ": " + c.detail)
                xml += "\(open)>\n    <failure message=\"\(message)\" type=\"\(c.verdict.rawValue)\">\(message)</failure>\n  </testcase>\n"
            case _ where Self.isUnchecked(c.verdict):
                xml += "\(open)>\n    <skipped message=\"\(Self.xmlEscape(c.verdict.rawValue + ": " + c.detail))\"/>\n  </testcase>\n"
            default:
                xml += "\(open)>\n    <system-out>\(Self.xmlEscape(c.verdict.rawValue + ": " + c.detail))</system-out>\n  </testcase>\n"
            }
        }
        return xml + "</testsuite>\n"
    }

    /// Verdicts that mean a cell or metric was not checked: never a passed test case.
    static func isUnchecked(_ verdict: CheckVerdict) -> Bool {
        verdict == .missingInCurrent || verdict == .newInCurrent || verdict == .insufficientRepetitions
    }

    static func markdownTable(_ rows: [MetricComparison], _ ids: ShortCellIDs, failing: (MetricComparison) -> Bool) -> String {
        var text = "| " + columns.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: columns.count) + "\n"
        for row in rows {
            var cells = fields(row, ids).map(markdownEscape)
            cells[0] = "`\(cells[0])`"
            if failing(row) { cells[6] = "**\(cells[6])**" }
            text += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return text
    }

    /// Keeps a value inside its table cell: pipes escaped, line breaks flattened.
    static func markdownEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// Escapes markup and replaces characters XML 1.0 cannot hold (most control characters).
    static func xmlEscape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out += "&#\(scalar.value);"
            case _ where scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value): out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

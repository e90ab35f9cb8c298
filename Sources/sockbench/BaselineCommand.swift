import ArgumentParser
import Foundation
import SockBenchModel
import SockBenchReport
import SockBenchStats
import SockBenchStore
import SockBenchSession

struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Keep a run as a named baseline for `sockbench check`, or list the baselines.",
        discussion: HelpText.baseline,
        subcommands: [Save.self, List.self]
    )
}

extension Baseline {
    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a finished run as baselines/NAME/.",
            discussion: HelpText.baselineSave
        )

        @Argument(help: ArgumentHelp("The run directory to keep.", valueName: "dir"))
        var directory: String

        @Option(help: ArgumentHelp("Baseline name: letters, digits, '-', '_', '.' (default: the run's name).", valueName: "name"))
        var name: String?

        @Option(help: ArgumentHelp("Directory that holds the baselines, as for check and baseline list. (default: baselines)", valueName: "dir"))
        var baselines: String?

        /// The spelling before `--baselines` was used everywhere; kept so old scripts still work.
        @Option(help: .hidden)
        var into: String?

        @Flag(help: "Overwrite a baseline of the same name.")
        var replace = false

        func validate() throws {
            if baselines != nil && into != nil { throw ValidationError("--into is the old spelling of --baselines; give only --baselines") }
            if let name, !RunName.isValid(name) { throw ValidationError(RunName.problem(name)) }
        }

        func run() throws {
            let (baseline, path) = try CLIErrors.guarding { try Baselines.save(run: directory, name: name, into: baselines ?? into ?? Baselines.defaultRoot, replace: replace) }
            print("saved baseline '\(baseline.name)': \(baseline.cells.count) cells, at least \(baseline.fewestRepetitions) repetitions each, in \(path)/ (baseline.json, run.json, summary.csv)")
            for warning in baseline.saveWarnings { Console.error("warning: \(warning)") }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the baselines: name, date measured, host and number of cells.",
            discussion: "Exits 65 after the listing when a baseline.json cannot be read."
        )

        @Option(help: ArgumentHelp("Directory that holds the baselines.", valueName: "dir"))
        var baselines: String = Baselines.defaultRoot

        func run() throws {
            let listings = Baselines.list(in: baselines)
            guard !listings.isEmpty else {
                print("no baselines in \(baselines)/; create one with: sockbench baseline save RUN_DIR --name NAME")
                return
            }
            print(Baselines.table(listings))
            if listings.contains(where: { $0.problem != nil }) { throw ExitCode(ExitStatus.malformedInput.rawValue) }
        }
    }
}

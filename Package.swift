// swift-tools-version: 6.2
// sockbench: socket performance benchmarking harness for Linux.
//
// Targets are split by temperature and by role; dependencies run one way, down this list
// (see README "Architecture"):
//   CSockBench       C shims for calls Swift cannot make directly (prctl, CPU_SET, epoll, accept4, RUSAGE_THREAD),
//                    and io_uring through the kernel's own interface (uring.c)
//   CSockBenchLoops  plain-C reference loops that `sockbench calibrate` measures the Swift loops against
//   SockBenchCore    HOT: syscalls, sockets, measuring loops. No Foundation.
//   SockBenchModel   the values a run is made of: cells, matrix and skip rules, schedule, metrics, host facts
//   SockBenchRunner  WARM: worker processes, control protocol, coordinator, aggregation
//   SockBenchStats   pure functions over values: medians, intervals, paired ratios, significance, verdicts
//   SockBenchStore   files: run directory, CSV/JSON formats, metadata, baselines (atomic writes)
//   SockBenchReport  COLD: tables, gnuplot scripts, Markdown/HTML reports, check output
//   SockBenchSession plans and drives runs: RunPlan (one validating constructor), the sessions of run, check,
//                    reproduce, calibrate and load, budget and slot policy, spec files, presets, thresholds
//   sockbench        the executable: argument parsing, console output, errors -> exit codes
import PackageDescription

let histogram = Target.Dependency.product(name: "Histogram", package: "hdrhistogram-swift")

let package = Package(
    name: "sockbench",
    products: [
        .executable(name: "sockbench", targets: ["sockbench"]),
        .library(name: "SockBenchCore", targets: ["SockBenchCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(name: "CSockBench"),
        // The reference loops submit to the same io_uring module as the Swift loops (CSockBench/uring.c).
        .target(name: "CSockBenchLoops", dependencies: ["CSockBench"]),
        .target(
            name: "SockBenchCore",
            dependencies: [
                "CSockBench",
                "CSockBenchLoops",
                histogram,
            ]
        ),
        .target(name: "SockBenchModel", dependencies: ["SockBenchCore", histogram]),
        .target(
            name: "SockBenchRunner",
            dependencies: ["SockBenchCore", "SockBenchModel", "CSockBench", histogram]
        ),
        .target(
            name: "SockBenchStats",
            dependencies: ["SockBenchCore", "SockBenchModel", histogram]
        ),
        .target(
            name: "SockBenchStore",
            dependencies: ["SockBenchCore", "SockBenchModel", "SockBenchStats", histogram]
        ),
        .target(name: "SockBenchReport", dependencies: ["SockBenchCore", "SockBenchModel", "SockBenchStats", "SockBenchStore"]),
        .target(
            name: "SockBenchSession",
            dependencies: [
                "SockBenchCore",
                "SockBenchModel",
                "SockBenchRunner",
                "SockBenchStats",
                "SockBenchStore",
                "SockBenchReport",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "sockbench",
            dependencies: [
                "SockBenchCore",
                "SockBenchModel",
                "SockBenchRunner",
                "SockBenchStats",
                "SockBenchStore",
                "SockBenchReport",
                "SockBenchSession",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Test targets: one per library, each depending on what its files import. A target whose
        // tests start the built `sockbench` (as workers or as the CLI) also depends on the executable,
        // so it is built first. No test imports the executable: session logic is SockBenchSession's.
        .testTarget(name: "SockBenchCoreTests", dependencies: ["SockBenchCore"]),
        .testTarget(name: "SockBenchModelTests", dependencies: ["SockBenchModel", "SockBenchCore"]),
        .testTarget(name: "SockBenchStatsTests", dependencies: ["SockBenchStats", "SockBenchModel"]),
        .testTarget(name: "SockBenchSessionTests", dependencies: ["SockBenchSession", "SockBenchModel", "SockBenchCore"]),
        .testTarget(name: "SockBenchStoreTests", dependencies: ["SockBenchStore", "SockBenchStats", "SockBenchModel", "SockBenchCore", histogram]),
        .testTarget(
            name: "SockBenchRunnerTests",
            dependencies: ["SockBenchRunner", "SockBenchStore", "SockBenchModel", "SockBenchCore", "ProcessProbe", histogram, "sockbench"]
        ),
        .testTarget(
            name: "SockBenchReportTests",
            dependencies: ["SockBenchReport", "SockBenchSession", "SockBenchRunner", "SockBenchStore", "SockBenchStats", "SockBenchModel", "SockBenchCore", histogram, "sockbench"]
        ),
        // Test-only: counts malloc/calloc/realloc per thread so tests can prove the loops allocate nothing.
        .target(name: "CAllocationCounter", path: "Tests/CAllocationCounter"),
        // Test-only: reads /proc so tests wait for a process's state (a worker holding its sockets), not a time.
        .target(name: "ProcessProbe", path: "Tests/ProcessProbe"),
        .testTarget(
            name: "SockBenchCalibrationTests",
            dependencies: [
                "SockBenchCore", "SockBenchModel", "SockBenchRunner", "SockBenchStats", "SockBenchStore", "SockBenchReport", "CSockBenchLoops",
                "CAllocationCounter", "SockBenchSession", histogram, "sockbench",
            ]
        ),
        .testTarget(
            name: "SockBenchCLITests",
            dependencies: ["SockBenchCore", "SockBenchModel", "SockBenchRunner", "SockBenchStats", "SockBenchStore", "SockBenchReport", "ProcessProbe", "sockbench"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

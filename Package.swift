// swift-tools-version: 6.2
// sockbench: socket performance benchmarking harness for Linux.
//
// Targets are split by temperature (see README "Architecture"):
//   CSockBench       C shims for calls Swift cannot make directly (variadic prctl, CPU_SET macros)
//   CSockBenchLoops  plain-C reference loops that `sockbench calibrate` measures the Swift loops against
//   SockBenchCore    HOT: syscalls, sockets, measuring loops. No Foundation.
//   SockBenchRunner  WARM: worker processes, control channel, matrix, scheduling, host metadata.
//   SockBenchReport  COLD: statistics, CSV/JSON writers, gnuplot scripts, reports, check.
//   sockbench        the command-line tool; parses arguments and calls the libraries.
import PackageDescription

let package = Package(
    name: "sockbench",
    platforms: [.macOS(.v13)],
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
        .target(name: "CSockBenchLoops"),
        .target(
            name: "SockBenchCore",
            dependencies: [
                "CSockBench",
                "CSockBenchLoops",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .target(
            name: "SockBenchRunner",
            dependencies: ["SockBenchCore", "CSockBench"]
        ),
        .target(
            name: "SockBenchReport",
            dependencies: [
                "SockBenchCore",
                "SockBenchRunner",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "sockbench",
            dependencies: [
                "SockBenchCore",
                "SockBenchRunner",
                "SockBenchReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SockBenchCoreTests", dependencies: ["SockBenchCore"]),
        .testTarget(name: "SockBenchRunnerTests", dependencies: ["SockBenchRunner", "SockBenchReport", "sockbench"]),
        .testTarget(name: "SockBenchReportTests", dependencies: ["SockBenchReport", "sockbench"]),
        // Test-only: counts malloc/calloc/realloc per thread so tests can prove the loops allocate nothing.
        .target(name: "CAllocationCounter", path: "Tests/CAllocationCounter"),
        .testTarget(
            name: "SockBenchCalibrationTests",
            dependencies: ["SockBenchCore", "SockBenchRunner", "SockBenchReport", "CSockBenchLoops", "CAllocationCounter", "sockbench"]
        ),
        .testTarget(name: "SockBenchCLITests", dependencies: ["SockBenchReport", "SockBenchRunner", "sockbench"]),
    ],
    swiftLanguageModes: [.v6]
)

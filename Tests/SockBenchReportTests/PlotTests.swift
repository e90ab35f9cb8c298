import Foundation
@testable import SockBenchCore
@testable import SockBenchModel
@testable import SockBenchReport
@testable import SockBenchStats
@testable import SockBenchStore
@testable import SockBenchSession
import Testing

/// `sockbench plot`: scripts from a small real run, rendered through gnuplot when it is installed.
@Suite(PlotFixture.Scope()) struct PlotTests {
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    @Test(.enabled(if: Gnuplot.isInstalled, "gnuplot is not installed"))
    func rendersEveryFigureOfARealRunAsPNGAndSVG() throws {
        let run = try PlotFixture.run.get()
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(output) }
        let result = try PlotScripts.plot(runDirectory: run, outputDirectory: output)

        #expect(result.rendered)
        #expect(Set(result.figures.map(\.name)) == [
            "msg-rate-stream", "msg-rate-pingpong", "throughput-stream", "throughput-pingpong",
            "latency-vs-size", "latency-distribution-64B", "latency-distribution-1KiB",
            "cpu-per-message-stream", "cpu-per-message-pingpong", "claim-msg-rate", "claim-ratio",
        ])
        #expect(result.warnings == [], "gnuplot complained: \(result.warnings)")
        #expect(result.images.count == 2 * result.figures.count)
        for figure in result.figures {
            let png = try #require(FileManager.default.contents(atPath: "\(output)/\(figure.name).png"), "\(figure.name).png missing")
            #expect(png.count > 1000)
            #expect(Array(png.prefix(8)) == Self.pngSignature, "\(figure.name).png is not a PNG")
            let svg = try String(contentsOfFile: "\(output)/\(figure.name).svg", encoding: .utf8)
            #expect(svg.contains("<svg"))
            #expect(svg.contains(figure.title.replacingOccurrences(of: "&", with: "&amp;")))
        }
    }

    @Test func scriptsReadTheRunInPlaceRelativeToThemselvesAndCopyNoData() throws {
        let run = try PlotFixture.run.get()
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(output) }
        let figures = try PlotScripts.write(run: run, to: output)
        let script = try String(contentsOfFile: try #require(figures.first { $0.name == "msg-rate-stream" }).script, encoding: .utf8)

        #expect(script.contains("run = here.'/\(GnuplotText.relativePath(from: output, to: run))'\n"))
        #expect(GnuplotText.relativePath(from: "/a/plots/x", to: "/a/results/x") == "../../results/x")
        #expect(script.contains("summary = run.'/summary.csv'"))
        #expect(script.contains("output = here.'/msg-rate-stream'"))
        #expect(script.contains("plot summary using \"size_bytes\":\"msg_per_s_median\":\"msg_per_s_ci_low\":\"msg_per_s_ci_high\" with table if (keep(s1))"))
        #expect(!script.contains("<<"), "a here-document would be a copy of the data")
        let claim = try String(contentsOfFile: "\(output)/claim-ratio.gp", encoding: .utf8)
        #expect(claim.contains("claim = run.'/claim.csv'"))
        #expect(claim.contains("claimed_ratio with lines"))
        let distribution = try String(contentsOfFile: "\(output)/latency-distribution-64B.gp", encoding: .utf8)
        #expect(distribution.contains("run.'/histograms/unix_pingpong_64B_snd_default_rcv_default_nodelay_na_blocking_cpu_none_pairs_1.hgrm' using 4:1"))
    }

    /// A script names no absolute path of the machine it was written on (neither the run's nor its
    /// own directory), so it renders from another clone.
    @Test func scriptsHoldNoAbsolutePathOfThisMachine() throws {
        let run = try PlotFixture.run.get()
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(output) }
        for figure in try PlotScripts.write(run: run, to: output) {
            let script = try String(contentsOfFile: figure.script, encoding: .utf8)
            #expect(!script.contains(output) && !script.contains(run), "\(figure.name).gp names an absolute path")
        }
    }

    @Test(.enabled(if: Gnuplot.isInstalled, "gnuplot is not installed"))
    func anEditedScriptRendersAgainFromAnotherWorkingDirectory() throws {
        let run = try PlotFixture.run.get()
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(output) }
        let figure = try #require(try PlotScripts.write(run: run, to: output).first { $0.name == "latency-vs-size" })
        var text = try String(contentsOfFile: figure.script, encoding: .utf8)
        text = text.replacingOccurrences(of: "set title \"Ping-pong", with: "set title \"Edited ping-pong")
        try text.write(toFile: figure.script, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Gnuplot.locate()))
        process.arguments = [figure.script]
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        try process.run()
        process.waitUntilExit()

        #expect(process.terminationStatus == 0)
        #expect(try String(contentsOfFile: "\(output)/latency-vs-size.svg", encoding: .utf8).contains("Edited ping-pong"))
        #expect(!FileManager.default.fileExists(atPath: "/latency-vs-size.png"))
    }

    @Test func aRunWithoutPingPongHasNoLatencyOrClaimFigure() throws {
        let run = try PlotFixture.run.get()
        let streamOnly = TestSupport.temporaryDirectory("stream-only")
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(streamOnly, output) }
        try FileManager.default.createDirectory(atPath: streamOnly, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(run)/measurements.csv", toPath: "\(streamOnly)/measurements.csv")
        let lines = try String(contentsOfFile: "\(run)/summary.csv", encoding: .utf8).split(separator: "\n")
        let kept = [lines[0]] + lines.dropFirst().filter { $0.contains("/stream/") }
        try (kept.joined(separator: "\n") + "\n").write(toFile: "\(streamOnly)/summary.csv", atomically: true, encoding: .utf8)

        let names = try PlotScripts.write(run: streamOnly, to: output).map(\.name)

        #expect(names == ["msg-rate-stream", "throughput-stream", "cpu-per-message-stream"])
    }

    @Test func aSecondIOModeAddsAModesFigureWithALinePerTransportAndMode() throws {
        let run = try PlotFixture.run.get()
        let twoModes = TestSupport.temporaryDirectory("two-modes")
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(twoModes, output) }
        try FileManager.default.createDirectory(atPath: twoModes, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(run)/measurements.csv", toPath: "\(twoModes)/measurements.csv")
        let lines = try String(contentsOfFile: "\(run)/summary.csv", encoding: .utf8).split(separator: "\n")
        let epoll = lines.dropFirst().map { $0.replacingOccurrences(of: ",blocking,", with: ",epoll,") }
        try ((lines.map(String.init) + epoll).joined(separator: "\n") + "\n").write(toFile: "\(twoModes)/summary.csv", atomically: true, encoding: .utf8)

        let figures = try PlotScripts.write(run: twoModes, to: output)

        #expect(figures.filter { $0.name.hasPrefix("io-modes-") }.map(\.name) == ["io-modes-stream", "io-modes-pingpong"])
        #expect(!figures.contains { $0.name.hasPrefix("nodelay-") || $0.name.contains("sweep") })
        let script = try String(contentsOfFile: "\(output)/io-modes-stream.gp", encoding: .utf8)
        #expect(script.contains("held = \"pattern=stream\""))
        #expect(script.contains("s4 = \"transport=tcp mode=epoll \".held  # tcp epoll"))
        // The other figures draw each mode in a figure of its own, named and titled after it.
        #expect(!figures.contains { $0.name == "msg-rate-stream" })
        let epollRate = try #require(figures.first { $0.name == "msg-rate-stream-mode-epoll" }, "\(figures.map(\.name))")
        #expect(epollRate.title == "Messages per second vs message size: stream, mode=epoll")
        #expect(try String(contentsOfFile: "\(output)/msg-rate-stream-mode-blocking.gp", encoding: .utf8).contains("held = \"pattern=stream mode=blocking\""))
        #expect(try String(contentsOfFile: epollRate.script, encoding: .utf8).contains("held = \"pattern=stream mode=epoll\""))
    }

    /// reproduce's buffer cells: 1 MiB requested for SO_SNDBUF and SO_RCVBUF together, so no
    /// line of a "sweep" has two points; the run gets one comparison figure instead.
    @Test func buffersChangedTogetherAreComparedNotSweptAtOnePoint() throws {
        var cells: [Cell] = []
        for transport in [Transport.unix, .tcp] {
            for size in [1024, 65_536] {
                for buffer in [nil, 1 << 20] {
                    cells.append(Cell(transport: transport, pattern: .stream, sizeBytes: size, sendBufferBytes: buffer, receiveBufferBytes: buffer, noDelay: true, cpu: .split))
                }
            }
        }
        // Measured at the default buffers only: not part of the comparison.
        cells.append(Cell(transport: .tcp, pattern: .stream, sizeBytes: 1024, noDelay: false, cpu: .split))
        let run = try SyntheticRun.write(cells)
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(run, output) }

        let figures = try PlotScripts.write(run: run, to: output)

        #expect(!figures.contains { $0.name.contains("sweep") }, "\(figures.map(\.name))")
        let comparison = try #require(figures.first { $0.name == "buffers-stream" })
        #expect(comparison.title == "Messages per second, default vs 1MiB buffers: stream")
        let script = try String(contentsOfFile: comparison.script, encoding: .utf8)
        #expect(script.components(separatedBy: "with boxerrorbars").count - 1 == 8, "2 settings × 4 groups")
        #expect(script.contains("b1_1 = \"transport=unix pattern=stream size_bytes=1024 sndbuf_requested=default rcvbuf_requested=default mode=blocking cpu=split pairs=1 batch=1 writes=1\""))
        #expect(script.contains("b4_2 = \"transport=tcp pattern=stream size_bytes=65536 sndbuf_requested=1048576 rcvbuf_requested=1048576 nodelay=on mode=blocking cpu=split pairs=1 batch=1 writes=1\""))
        #expect(script.contains("plot summary using \"msg_per_s_median\":\"msg_per_s_ci_low\":\"msg_per_s_ci_high\" with table if (keep(b3_2))"))
        // Issue 13: colour is the transport (unix ls 1, tcp ls 2) in every figure; the fill is the setting.
        #expect(script.contains("$b1_1 using (0-0.2):1:2:3:(0.38) with boxerrorbars ls 1 fs solid 0.85 border -1 title \"buffers default\""))
        #expect(script.contains("$b1_2 using (0+0.2):1:2:3:(0.38) with boxerrorbars ls 1 fs pattern 4 border -1 title \"buffers 1MiB\""))
        #expect(script.contains("$b4_2 using (3+0.2):1:2:3:(0.38) with boxerrorbars ls 2 fs pattern 4 border -1 notitle"))
        #expect(script.contains("set xtics scale 0 (\"unix\\n1KiB\" 0, \"unix\\n64KiB\" 1, \"tcp\\n1KiB\\nTCP_NODELAY=on\" 2, \"tcp\\n64KiB\\nTCP_NODELAY=on\" 3)"))
        #expect(!script.contains("nodelay=off"), "a cell measured at one buffer setting is left out")
    }

    @Test(.enabled(if: Gnuplot.isInstalled, "gnuplot is not installed"))
    func theBufferComparisonRendersWithoutComplaint() throws {
        let run = try SyntheticRun.write([nil, 1 << 20].flatMap { buffer in
            [Transport.unix, .tcp].map { Cell(transport: $0, pattern: .stream, sizeBytes: 1024, sendBufferBytes: buffer, receiveBufferBytes: buffer, noDelay: true) }
        })
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(run, output) }
        let result = try PlotScripts.plot(runDirectory: run, outputDirectory: output)
        #expect(result.figures.map(\.name).contains("buffers-stream"))
        #expect(result.warnings == [], "gnuplot complained: \(result.warnings)")
        let png = try #require(FileManager.default.contents(atPath: "\(output)/buffers-stream.png"))
        #expect(Array(png.prefix(8)) == Self.pngSignature)
    }

    @Test func aSweepNeedsTwoValuesOfItsAxisOnOneLine() throws {
        // SO_SNDBUF differs only between transports: each line would have one point.
        let onePoint = try SyntheticRun.write([
            Cell(transport: .unix, pattern: .stream, sizeBytes: 64),
            Cell(transport: .tcp, pattern: .stream, sizeBytes: 64, sendBufferBytes: 65_536, noDelay: true),
        ])
        // A real sweep: SO_SNDBUF at three sizes for each transport, SO_RCVBUF held.
        let swept = try SyntheticRun.write([Transport.unix, .tcp].flatMap { transport in
            [nil, 65_536, 262_144].map { Cell(transport: transport, pattern: .stream, sizeBytes: 64, sendBufferBytes: $0, noDelay: true) }
        })
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(onePoint, swept, output) }

        let none = try PlotScripts.write(run: onePoint, to: output).map(\.name)
        #expect(!none.contains { $0.contains("sweep") || $0.hasPrefix("buffers-") }, "\(none)")

        let figures = try PlotScripts.write(run: swept, to: output)
        #expect(figures.filter { $0.name.contains("sweep") || $0.name.hasPrefix("buffers-") }.map(\.name) == ["sndbuf-sweep-stream"])
        let script = try String(contentsOfFile: "\(output)/sndbuf-sweep-stream.gp", encoding: .utf8)
        #expect(script.contains("s1 = \"transport=unix size_bytes=64 \".held  # unix 64B"))
        #expect(script.contains("s2 = \"transport=tcp size_bytes=64 \".held  # tcp 64B"))
        #expect(!script.contains("s3 = "))
    }

    /// Issue 13: one colour per transport on every figure, from one table; other axes change the dash.
    @Test func everyFigureDrawsATransportInTheSameColour() throws {
        let run = try SyntheticRun.write([Transport.unix, .tcp, .udp].flatMap { transport in
            [64, 200, 2048].flatMap { size in
                [nil, 65_536].flatMap { sndbuf in
                    [IOMode.blocking, .epoll].map { Cell(transport: transport, pattern: .stream, sizeBytes: size, sendBufferBytes: sndbuf, noDelay: true, mode: $0) }
                }
            }
        })
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(run, output) }
        let figures = try PlotScripts.write(run: run, to: output)
        for family in ["msg-rate-stream-", "sndbuf-sweep-stream-", "io-modes-stream-"] {
            #expect(figures.contains { $0.name.hasPrefix(family) }, "\(family): \(figures.map(\.name))")
        }
        let expected = ["unix": 1, "tcp": 2, "udp": 3]
        for figure in figures {
            let script = try String(contentsOfFile: figure.script, encoding: .utf8)
            // Each titled line: `title "tcp ..."` must draw with the tcp line style.
            for line in script.split(separator: "\n") where line.contains(" ls ") && line.contains("title \"") {
                let title = line.components(separatedBy: "title \"")[1]
                guard let transport = expected.keys.first(where: { title.hasPrefix($0 + " ") || title.hasPrefix($0 + "\"") }) else { continue }
                #expect(line.contains(" ls \(expected[transport]!) "), "\(figure.name): \(line)")
            }
        }
        // The table the colours come from, and the colour each style has in the preamble.
        #expect(GnuplotText.transportStyles.prefix(3) == ["unix", "tcp", "udp"])
        let script = try String(contentsOfFile: "\(output)/msg-rate-stream-sndbuf-default-mode-blocking.gp", encoding: .utf8)
        #expect(script.contains("set style line 2 lc rgb \"\(GnuplotText.palette[1])\""))
    }

    /// Issue 13: size axes tick at the measured sizes; buffer sweeps label each point with the request.
    @Test func sizeTicksSitAtTheMeasuredSizesAndSweepPointsNameTheirRequest() throws {
        let run = try SyntheticRun.write([Transport.unix, .tcp].flatMap { transport in
            [200, 2048, 65_536].flatMap { size in
                [nil, 65_536, 262_144].map { Cell(transport: transport, pattern: .stream, sizeBytes: size, sendBufferBytes: $0, noDelay: true) }
            }
        })
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(run, output) }
        _ = try PlotScripts.write(run: run, to: output)
        let rate = try String(contentsOfFile: "\(output)/msg-rate-stream-sndbuf-default.gp", encoding: .utf8)
        #expect(rate.contains("set xtics (\"200B\" 200, \"2KiB\" 2048, \"64KiB\" 65536)"), "ticks at 200 B, 2 KiB, 64 KiB")
        let sweep = try String(contentsOfFile: "\(output)/sndbuf-sweep-stream.gp", encoding: .utf8)
        for requested in ["default", "64KiB", "256KiB"] {
            #expect(sweep.contains("set label \"req \(requested)\" at "), "no point labelled req \(requested)")
        }
        // Colour per transport, dash per size.
        #expect(sweep.contains("ls 1 dt 1 title \"unix 200B\"") && sweep.contains("ls 1 dt 2 title \"unix 2KiB\"") && sweep.contains("ls 2 dt 1 title \"tcp 200B\""))
    }

    /// Reply sizes are a line each (dash), in the transport's colour.
    @Test func replySizesAreTheirOwnLines() throws {
        let run = try SyntheticRun.write([64, 2048].flatMap { reply in
            [Transport.unix, .tcp].map { Cell(transport: $0, pattern: .pingpong, sizeBytes: 200, noDelay: true, replySizeBytes: reply) }
        })
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(run, output) }
        _ = try PlotScripts.write(run: run, to: output)
        let rate = try String(contentsOfFile: "\(output)/msg-rate-pingpong.gp", encoding: .utf8)
        #expect(rate.contains("ls 1 dt 1 title \"unix reply=64B\"") && rate.contains("ls 1 dt 2 title \"unix reply=2KiB\""), "\(rate)")
        #expect(rate.contains("ls 2 dt 2 title \"tcp reply=2KiB\""))
    }

    /// `--connections` sweeps: msg/s and p99 against connections on a log axis, a line per transport
    /// measured at two or more counts (udp at one count is no sweep), in the transport's colour.
    @Test func connectionSweepsDrawRateAndP99AgainstConnections() throws {
        let cells = [Transport.unix, .tcp].flatMap { transport in
            [1, 100, 1000].map { Cell(transport: transport, pattern: .pingpong, sizeBytes: 64, noDelay: true, connections: $0) }
        } + [Cell(transport: .udp, pattern: .pingpong, sizeBytes: 64, connections: 100)]
        let run = try SyntheticRun.write(cells)
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(run, output) }
        let figures = try PlotScripts.plot(runDirectory: run, outputDirectory: output)
        let names = figures.figures.map(\.name)
        #expect(names.contains("msg-rate-vs-connections") && names.contains("p99-vs-connections"), "\(names)")
        #expect(!names.contains { $0.hasPrefix("connect-") || $0 == "split-writes" })
        let rate = try String(contentsOfFile: "\(output)/msg-rate-vs-connections.gp", encoding: .utf8)
        #expect(rate.contains("set logscale x 10"))
        #expect(rate.contains("set xtics (\"1\" 1, \"100\" 100, \"1000\" 1000)"))
        #expect(rate.contains("plot summary using \"connections\":\"msg_per_s_median\":\"msg_per_s_ci_low\":\"msg_per_s_ci_high\" with table if (keep(s1))"))
        #expect(rate.contains("s1 = \"transport=unix \".held  # unix") && rate.contains("s2 = \"transport=tcp \".held  # tcp"))
        #expect(!rate.contains("s3 = "), "udp has one connection count: no line")
        #expect(rate.contains("ls \(PlotScripts.style(transport: "tcp")) dt 1 title \"tcp\""))
        let p99 = try String(contentsOfFile: "\(output)/p99-vs-connections.gp", encoding: .utf8)
        #expect(p99.contains("\"connections\":\"rtt_p99_us_median\""))
        if figures.rendered { #expect(figures.warnings == [], "gnuplot complained: \(figures.warnings)") }

        // One connection count is no sweep: no figure.
        let single = try SyntheticRun.write([Cell(transport: .unix, pattern: .pingpong, sizeBytes: 64, connections: 100)])
        defer { TestSupport.remove(single) }
        #expect(!(try PlotScripts.write(run: single, to: output + "-single")).contains { $0.name.hasSuffix("-vs-connections") })
        TestSupport.remove(output + "-single")
    }

    /// The connect pattern gets transactions/s and connect() p50, a point per transport; split
    /// writes get RTT p50 per way of writing (whole, request split, both split) per TCP_NODELAY setting.
    @Test func connectAndSplitWriteCellsGetTheirFigures() throws {
        let shapes = [(1, 1), (2, 1), (2, 2)]
        let cells = [Transport.unix, .tcp].map { Cell(transport: $0, pattern: .connect, sizeBytes: 64, noDelay: true) }
            + [true, false].flatMap { noDelay in
                shapes.map { Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: noDelay, writes: $0.0, replyWrites: $0.1) }
            }
        let run = try SyntheticRun.write(cells)
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(run, output) }
        let result = try PlotScripts.plot(runDirectory: run, outputDirectory: output)
        let names = result.figures.map(\.name)
        #expect(names.contains("connect-rate") && names.contains("connect-time") && names.contains("split-writes"), "\(names)")
        let connect = try String(contentsOfFile: "\(output)/connect-time.gp", encoding: .utf8)
        #expect(connect.contains("held = \"pattern=connect\""))
        #expect(connect.contains("plot summary using \"connect_p50_us_median\":\"connect_p50_us_ci_low\":\"connect_p50_us_ci_high\" with table if (keep(p1))"))
        #expect(connect.contains("set xtics scale 0 (\"unix\" 0, \"tcp\" 1)"))
        let split = try String(contentsOfFile: "\(output)/split-writes.gp", encoding: .utf8)
        #expect(split.contains("set xtics scale 0 (\"tcp nodelay=on\" 0, \"tcp nodelay=off\" 1)"))
        #expect(split.contains("p5 = \"transport=tcp nodelay=off writes=2 reply_writes=1 \".held"), "\(split)")
        #expect(split.contains("p6 = \"transport=tcp nodelay=off writes=2 reply_writes=2 \".held"))
        #expect(split.contains("\"rtt_p50_us_median\""))
        for title in ["request and reply whole", "request split (header, then body)", "request and reply split"] {
            #expect(split.contains("title \"\(title)\""), "\(title)")
        }
        #expect(!split.contains("title \"reply split\""), "no key entry for a way of writing the run did not measure")
        if result.rendered {
            #expect(result.warnings == [], "gnuplot complained: \(result.warnings)")
            #expect(result.images.count == 2 * result.figures.count)
        }
    }

    /// A run with a floor (shm, pipe) beside a socket gets a figure per pattern and size with a
    /// point per transport and I/O mode, highest msg/s first; a run of sockets alone gets none.
    @Test func theFloorsAndTheSocketsAreDrawnHighestFirst() throws {
        let cells = [
            Cell(transport: .tcp, pattern: .stream, sizeBytes: 64, noDelay: true), Cell(transport: .unix, pattern: .stream, sizeBytes: 64),
            Cell(transport: .pipe, pattern: .stream, sizeBytes: 64), Cell(transport: .shm, pattern: .stream, sizeBytes: 64, mode: .busyPoll),
        ]
        let run = try SyntheticRun.write(cells)
        let sockets = try SyntheticRun.write(Array(cells.prefix(2)))
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(run, sockets, output, output + "-sockets") }
        let result = try PlotScripts.plot(runDirectory: run, outputDirectory: output)
        #expect(result.figures.map(\.name).contains("floor-stream"), "\(result.figures.map(\.name))")
        let script = try String(contentsOfFile: "\(output)/floor-stream.gp", encoding: .utf8)
        // msg/s grows with the cell's index in the synthetic run: shm, pipe, unix, tcp.
        #expect(script.contains("set xtics scale 0 (\"shm\\nbusy-poll\" 0, \"pipe\\nblocking\" 1, \"unix\\nblocking\" 2, \"tcp\\nblocking\" 3)"), "\(script)")
        #expect(script.contains("p1 = \"transport=shm mode=busy-poll \".held  # shm busy-poll"))
        if result.rendered { #expect(result.warnings == [], "gnuplot complained: \(result.warnings)") }
        let plain = try PlotScripts.plot(runDirectory: sockets, outputDirectory: output + "-sockets")
        #expect(!plain.figures.contains { $0.name.hasPrefix("floor-") })
    }

    /// A summary.csv without columns the figures need (no committed run lacks them) is refused as
    /// malformed, naming what is missing, and left as it was.
    @Test func aSummaryWithoutTheAxisColumnsIsMalformed() throws {
        let run = try PlotFixture.run.get()
        let old = TestSupport.temporaryDirectory("old-summary")
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(old, output) }
        try FileManager.default.copyItem(atPath: run, toPath: old)
        let lines = try String(contentsOfFile: "\(old)/summary.csv", encoding: .utf8).split(separator: "\n")
        let cut = try #require(lines[0].split(separator: ",", omittingEmptySubsequences: false).firstIndex(of: "writes"))
        let truncated = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(cut).joined(separator: ",") }
        let text = truncated.joined(separator: "\n") + "\n"
        try text.write(toFile: "\(old)/summary.csv", atomically: true, encoding: .utf8)

        #expect {
            _ = try PlotScripts.write(run: old, to: output)
        } throws: { error in
            (error as? ReportError)?.exitStatus == .malformedInput && "\(error)".contains("summary.csv lacks the column(s) writes, reply_writes, connections")
        }
        #expect(try String(contentsOfFile: "\(old)/summary.csv", encoding: .utf8) == text)
    }

    @Test func aMissingRunDirectoryIsNotFound() {
        let missing = TestSupport.temporaryDirectory("no-such-run")
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(missing, output) }
        do {
            _ = try PlotScripts.plot(runDirectory: missing, outputDirectory: output, render: false)
            Issue.record("plotting a missing run succeeded")
        } catch {
            guard case .notFound(let message) = error else { Issue.record("expected .notFound, got \(error)"); return }
            #expect(message.contains(missing))
            #expect(error.exitStatus == .inputNotFound)
        }
    }

    @Test func anOutputBehindAFileCannotBeWritten() throws {
        let run = try PlotFixture.run.get()
        let file = TestSupport.temporaryDirectory("a-file")
        defer { TestSupport.remove(file) }
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: ReportError.cannotWrite("\(file) exists and is not a directory")) {
            try PlotScripts.write(run: run, to: file)
        }
    }

    @Test func theDefaultOutputIsPlotsSlashTheRunName() {
        #expect(PlotScripts.defaultOutputDirectory(forRun: "results/20261125T171800Z-default/") == "plots/20261125T171800Z-default")
    }

    @Test func aFilterTreatsAnEmptyCellAsDoesNotApply() {
        func row(_ transport: Transport, noDelay: Bool? = nil, connections: Int? = nil) -> SummaryRow {
            SummaryRow(cell: Cell(transport: transport, pattern: .pingpong, sizeBytes: 64, noDelay: noDelay, connections: connections))
        }
        let filter = RowFilter().and(.noDelay, "on")
        #expect(filter.accepts(row(.unix)), "unix has no TCP_NODELAY: its empty cell matches any value")
        #expect(filter.accepts(row(.tcp, noDelay: true)))
        #expect(!filter.accepts(row(.tcp, noDelay: false)))
        #expect(!RowFilter().and(.transport, "unix").and(.noDelay, "on").accepts(row(.tcp, noDelay: true)))
        #expect(RowFilter().and(.transport, "unix").and(.noDelay, "on").text == "transport=unix nodelay=on")
        // A summary written before a column existed: the missing field does not apply either.
        #expect(filter.accepts(SummaryRow(cell: Cell(transport: .tcp, pattern: .pingpong, sizeBytes: 64, noDelay: false), axes: [.transport])))
        // An empty connections cell is a pair, a value of its own: an exact condition does not take it in.
        let exact = RowFilter().and(.connections, "100", exact: true)
        #expect(exact.accepts(row(.tcp, connections: 100)) && !exact.accepts(row(.tcp)) && exact.text == "connections==100")
        #expect(RowFilter().and(.connections, "", exact: true).accepts(row(.tcp)))
    }

    /// Facets: every combination of the other varying axes that some row has, in row order; a row
    /// where an axis does not apply (nodelay of unix) joins every facet of that axis, and one no
    /// full combination takes in gets its own; an empty connections, rate or idle is a value.
    @Test func facetsAreTheCombinationsTheRowsHave() {
        let rows = [
            SummaryRow(cell: Cell(transport: .unix, pattern: .stream, sizeBytes: 64, mode: .epoll)),
            SummaryRow(cell: Cell(transport: .tcp, pattern: .stream, sizeBytes: 64, noDelay: false, mode: .blocking)),
            SummaryRow(cell: Cell(transport: .tcp, pattern: .stream, sizeBytes: 1024, noDelay: true, mode: .blocking)),
        ]
        let facets = PlotAxes.facets(in: rows, except: [.transport, .size]).map { RowFilter(conditions: $0) }
        #expect(facets.map(\.text) == ["nodelay=off mode=blocking", "nodelay=on mode=blocking", "mode=epoll"])
        #expect(facets.map { filter in rows.filter(filter.accepts).count } == [1, 1, 1])
        #expect(facets[2].label == "this figure: mode=epoll (each combination has its own)")
        let facet = PlotFacet(filter: facets[0], conditions: facets[0].conditions)
        #expect(facet.nameSuffix == "-nodelay-off-mode-blocking" && facet.titleSuffix == ", TCP_NODELAY=off, mode=blocking")

        // unix has no TCP_NODELAY: it is drawn beside tcp with it on and with it off. An empty
        // connections cell is a pair, a value of its own.
        func cell(_ transport: Transport, _ noDelay: Bool?, _ connections: Int?) -> SummaryRow {
            SummaryRow(cell: Cell(transport: transport, pattern: .pingpong, sizeBytes: 64, noDelay: noDelay, mode: .epoll, connections: connections))
        }
        let shared = [cell(.unix, nil, nil), cell(.tcp, true, nil), cell(.tcp, false, nil), cell(.tcp, true, 100)]
        let split = PlotAxes.facets(in: shared, except: [.transport]).map { RowFilter(conditions: $0) }
        #expect(split.map(\.text) == ["nodelay=on connections==", "nodelay=off connections==", "nodelay=on connections==100"])
        #expect(split.map { filter in shared.filter(filter.accepts).map(\.cell.transport) } == [[.unix, .tcp], [.unix, .tcp], [.tcp]])
        #expect(PlotFacet(filter: split[0], conditions: split[0].conditions).nameSuffix == "-nodelay-on-conns-none")
        #expect(PlotAxes.facets(in: Array(shared.prefix(1)), except: [.transport]).map(\.count) == [0])
    }

    /// Issue 24: a run with two CPU placements and two sizes draws every row in some figure, one
    /// figure per placement (named and titled after it), and no two rows on one point of a line.
    /// The rows each line draws are read back from the scripts' filters and, with gnuplot, from
    /// the data gnuplot itself selects.
    @Test func everyRowOfARunWithTwoPlacementsIsDrawnInAFigureOfItsPlacement() throws {
        let cells = [Transport.unix, .tcp].flatMap { transport in
            [Pattern.pingpong, .stream].flatMap { pattern in
                [64, 1024].flatMap { size in
                    [CPUPlacement.same, .split].map { Cell(transport: transport, pattern: pattern, sizeBytes: size, noDelay: true, cpu: $0) }
                }
            }
        }
        let run = try SyntheticRun.write(cells)
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(run, output) }
        // The figures whose metrics the synthetic rows have (msg/s, round-trip percentiles).
        let families: [(name: String, pattern: String, metrics: [Metric])] = [
            ("msg-rate-pingpong", "pingpong", [.messagesPerSecond]), ("msg-rate-stream", "stream", [.messagesPerSecond]),
            ("latency-vs-size", "pingpong", [.roundTripP50, .roundTripP99, .roundTripP999]),
        ]
        try Self.expectEveryRowDrawn(run: run, output: output, families: families, facets: ["cpu-same", "cpu-split"])
    }

    /// A figure against message size needs two sizes: among several facets, one whose cells have a
    /// single size (a point per line; its table rows say the same) is left out, and the others are
    /// drawn. With no facets, a one-size run still gets its figure.
    @Test func aFacetOfOneSizeIsNoFigureAgainstSize() throws {
        let cells = [Transport.unix, .tcp].flatMap { transport in
            [64, 1024].map { Cell(transport: transport, pattern: .pingpong, sizeBytes: $0, noDelay: true, cpu: .split) }
                + [Cell(transport: transport, pattern: .pingpong, sizeBytes: 64, noDelay: true, cpu: .same)]
        }
        let run = try SyntheticRun.write(cells)
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(run, output) }
        let names = try PlotScripts.write(run: run, to: output).map(\.name)
        #expect(names.contains("msg-rate-pingpong-cpu-split") && names.contains("latency-vs-size-cpu-split"), "\(names)")
        #expect(!names.contains { $0.hasSuffix("-cpu-same") && ($0.hasPrefix("msg-rate") || $0.hasPrefix("latency-vs-size")) }, "\(names)")

        let single = try SyntheticRun.write([Transport.unix, .tcp].map { Cell(transport: $0, pattern: .pingpong, sizeBytes: 64, noDelay: true) })
        let singleOutput = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(single, singleOutput) }
        #expect(try PlotScripts.write(run: single, to: singleOutput).map(\.name).contains("msg-rate-pingpong"))
    }

    /// A cell with its own idle policy beside cells that follow the run's (`idle=run`): the
    /// `idle=os` figure does not also draw the run's cells on the same points.
    @Test func cellsOfTheirOwnIdlePolicyAreAFacetOfTheirOwn() throws {
        let os = [64, 1024].map { size in
            var cell = Cell(transport: .tcp, pattern: .pingpong, sizeBytes: size, noDelay: true)
            cell.idle = .os
            return cell
        }
        let cells = [Transport.unix, .tcp].flatMap { transport in
            [64, 1024].map { Cell(transport: transport, pattern: .pingpong, sizeBytes: $0, noDelay: true) }
        } + os
        let run = try SyntheticRun.write(cells)
        let output = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(run, output) }
        try Self.expectEveryRowDrawn(run: run, output: output, families: [("msg-rate-pingpong", "pingpong", [.messagesPerSecond])],
                                     facets: ["idle-run", "idle-os"])

        // Pairs and --connections cells: an empty connections cell is a value (pairs), so the
        // 100-connection figure does not draw the pairs on the same points.
        let connections = try SyntheticRun.write([nil, 100].flatMap { count in
            [Transport.unix, .tcp].flatMap { transport in
                [64, 1024].map { Cell(transport: transport, pattern: .pingpong, sizeBytes: $0, noDelay: true, mode: .epoll, connections: count) }
            }
        })
        let connectionsOutput = TestSupport.temporaryDirectory("plots")
        defer { TestSupport.remove(connections, connectionsOutput) }
        try Self.expectEveryRowDrawn(run: connections, output: connectionsOutput, families: [("msg-rate-pingpong", "pingpong", [.messagesPerSecond])],
                                     facets: ["conns-none", "conns-100"])
    }

    /// Every row of `run` of each family's pattern is drawn by some line of the family's figures (one
    /// per facet, named `family-facet`), no line draws two rows at one size, and gnuplot (when
    /// installed) selects exactly the rows the filters say.
    static func expectEveryRowDrawn(
        run: String, output: String, families: [(name: String, pattern: String, metrics: [Metric])], facets: [String]
    ) throws {
        let figures = try PlotScripts.write(run: run, to: output)
        let rows = try SummaryCSV.read("\(run)/summary.csv")
        for family in families {
            let members = figures.filter { $0.name.hasPrefix(family.name) }
            #expect(members.map(\.name) == facets.map { "\(family.name)-\($0)" }, "\(figures.map(\.name))")
            #expect(members.allSatisfy { member in facets.contains { member.title.hasSuffix(", " + $0.replacingOccurrences(of: "-", with: "=")) } },
                    "\(members.map(\.title))")
            var drawn: Set<String> = []
            for member in members {
                let script = try String(contentsOfFile: member.script, encoding: .utf8)
                #expect(!script.contains("held: "), "no figure says it held an axis and left rows out")
                for line in ScriptFilters.lines(script) {
                    let taken = rows.filter(line.filter.accepts)
                    // A line draws each x once: two rows at one size would be averaged into one point.
                    #expect(Set(taken.map(\.cell.sizeBytes)).count == taken.count, "\(member.name) \(line.name) draws \(taken.map(\.cellID))")
                    drawn.formUnion(taken.map(\.cellID))
                    if Gnuplot.isInstalled, line.metric(in: script) == family.metrics[0] {
                        let medians = try ScriptFilters.gnuplotData(member.script, block: line.name).map { $0[1] }
                        #expect(medians.sorted() == taken.compactMap { $0.value(family.metrics[0]) }.sorted(), "\(member.name) \(line.name)")
                    }
                }
            }
            let expected = Set(rows.filter { $0.cell.pattern.rawValue == family.pattern }.map(\.cellID))
            #expect(drawn == expected, "\(family.name) leaves out \(expected.subtracting(drawn).sorted())")
        }
    }
}

/// The small real run the tests share: unix and tcp, ping-pong and stream, 64 B and 1 KiB, two
/// short repetitions, plus a synthetic claim.csv. Made once per run of the suite by `Scope`, which
/// removes it when the suite is done, also when a test failed.
enum PlotFixture {
    @TaskLocal static var run: Result<String, any Error> = .failure(FixtureError("no PlotFixture.Scope around this test"))

    struct Scope: SuiteTrait, TestScoping {
        func provideScope(
            for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
        ) async throws {
            let directory = TestSupport.temporaryDirectory("run")
            defer { TestSupport.remove(directory) }
            try await PlotFixture.$run.withValue(Result { try make(in: directory) }, operation: function)
        }
    }

    static func make(in directory: String) throws -> String {
        let request = try RunPlan(
            name: "plot-test",
            axes: MatrixAxes(transports: [.unix, .tcp], patterns: [.pingpong, .stream], sizes: [64, 1024]),
            settings: MeasurementSettings(warmupNanoseconds: 50_000_000, extent: .duration(nanoseconds: 150_000_000)),
            repetitions: 2, seed: 7, outputPath: directory, commandLine: ["sockbench", "run"]
        )
        let outcome = try RunSession.start(request).execute(executable: try TestSupport.sockbenchExecutable()) { _ in }
        guard outcome.failedMeasurements == 0 else { throw FixtureError("\(outcome.failedMeasurements) measurement(s) failed") }
        try claimCSV.write(toFile: "\(directory)/claim.csv", atomically: true, encoding: .utf8)
        return directory
    }

    static let claimCSV = """
    condition,pattern,size_bytes,nodelay,buffers,cpu,unix_msg_per_s,unix_ci_low,unix_ci_high,tcp_msg_per_s,tcp_ci_low,tcp_ci_high,ratio,ratio_low,ratio_high,claim_ratio,verdict,unix_dgram_msg_per_s,udp_msg_per_s
    stream 64B nodelay=off bufs=default cpu=split,stream,64,off,default,split,1200000,1100000,1300000,450000,400000,500000,2.67,2.2,3.25,2.5,consistent,900000,600000
    pingpong 64B nodelay=on bufs=default cpu=same,pingpong,64,on,default,same,90000,85000,95000,60000,55000,64000,1.5,1.33,1.73,2.5,contradicted,,

    """
}

/// The lines of a generated script read back: each datablock's name and the rows its filter takes.
enum ScriptFilters {
    struct Line {
        var name: String
        var filter: RowFilter
        /// The metric whose median column the block copies.
        func metric(in script: String) -> Metric? {
            let copy = script.split(separator: "\n").first { $0.hasSuffix("if (keep(\(name)))") } ?? ""
            return Metric.allCases.first { copy.contains("\"\($0.rawValue)_median\"") }
        }
    }

    /// `sN = "words ".held` (LineFigure) lines, with the shared `held = "words"`.
    static func lines(_ script: String) -> [Line] {
        func words(_ text: Substring) -> [RowFilter.Condition] {
            text.split(separator: " ").map { word in
                if let exact = word.range(of: "==") {
                    return RowFilter.Condition(axis: SummaryAxis(rawValue: String(word[..<exact.lowerBound]))!, value: String(word[exact.upperBound...]), exact: true)
                }
                let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return RowFilter.Condition(axis: SummaryAxis(rawValue: String(parts[0]))!, value: parts.count > 1 ? String(parts[1]) : "")
            }
        }
        let all = script.split(separator: "\n")
        guard let heldLine = all.first(where: { $0.hasPrefix("held = \"") }) else { return [] }
        let held = words(heldLine.dropFirst(8).prefix { $0 != "\"" })
        return all.compactMap { line -> Line? in
            guard line.first == "s", let equals = line.range(of: " = \""), line.contains("\".held") else { return nil }
            let name = String(line[..<equals.lowerBound])
            guard name.count > 1, name.dropFirst().allSatisfy(\.isNumber) else { return nil }
            let own = words(line[equals.upperBound...].prefix { $0 != "\"" })
            return Line(name: name, filter: RowFilter(conditions: own + held))
        }
    }

    /// The rows gnuplot copies into datablock `$name` (x, median, CI low, CI high), printed instead
    /// of plotting: a copy of the script beside it (its paths are relative to itself) runs up to
    /// its `unset table` and stops.
    static func gnuplotData(_ path: String, block name: String) throws -> [[Double]] {
        let script = try String(contentsOfFile: path, encoding: .utf8)
        let probe = path.replacingOccurrences(of: ".gp", with: "-probe.gp")
        defer { TestSupport.remove(probe) }
        let text = script.replacingOccurrences(of: "\nunset table\n", with: "\nunset table\nset print '-'\nprint $\(name)\nexit\n")
        try text.write(toFile: probe, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Gnuplot.locate()))
        process.arguments = [probe]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let numbers = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Double($0) }
            return numbers.count == 4 ? numbers : nil
        }
    }
}

/// A run directory written without workers: summary.csv from three made-up repetitions per cell
/// (msg/s rising with the cell's index), enough for the figure builders.
private enum SyntheticRun {
    static func write(_ cells: [Cell]) throws -> String {
        let directory = TestSupport.temporaryDirectory("synthetic")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let measurements = cells.enumerated().flatMap { index, cell in
            (1...3).map { repetition in
                var m = CellMeasurement(cell: cell, repetition: repetition)
                m.messagesPerSecond = Double(100_000 * (index + 1) + 1000 * repetition)
                let microseconds = Double(10 * (index + 1) + repetition)
                if cell.pattern != .stream {
                    m.roundTrip = RoundTripSummary(minimum: microseconds, mean: microseconds, p50: microseconds, p90: microseconds, p99: 2 * microseconds, p999: 3 * microseconds, maximum: 4 * microseconds)
                }
                if cell.pattern == .connect {
                    m.connectTime = RoundTripSummary(minimum: 1, mean: 2, p50: microseconds / 4, p90: 3, p99: 4, p999: 5, maximum: 6)
                }
                m.sendBufferEffective = cell.sendBufferBytes.map { $0 * 2 } ?? 212_992
                m.receiveBufferEffective = cell.receiveBufferBytes.map { $0 * 2 } ?? 212_992
                return m
            }
        }
        try "".write(toFile: "\(directory)/measurements.csv", atomically: true, encoding: .utf8)
        try SummaryCSV.document(Summaries.make(cells: cells, measurements: measurements))
            .write(toFile: "\(directory)/summary.csv", atomically: true, encoding: .utf8)
        return directory
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum TestSupport {
    /// The `sockbench` binary built next to this test binary; the run starts its workers from it.
    static func sockbenchExecutable() throws -> String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("sockbench").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
            directory.deleteLastPathComponent()
        }
        throw FixtureError("no sockbench binary near \(CommandLine.arguments[0]); run swift build first")
    }

    static func remove(_ paths: String...) {
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }

    /// A fresh path under the temporary directory (not created).
    static func temporaryDirectory(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sockbench-plot-\(UUID().uuidString)-\(name)").path
    }
}

import SockBenchModel

/// The long help of each command (`--help`'s discussion): the rules a reader needs before running
/// it, its files, exit statuses and examples. The commands in the executable show it as it is.
public enum HelpText {
    /// `sockbench`: what it measures, and the exit statuses every command shares.
    public static let sockbench = """
    Each measurement runs a sender and a receiver as separate processes and reports messages per second, MB/s (10^6 bytes/s) and round-trip latency percentiles. Ping-pong counts 2 messages per round trip (the request and its echo).

    EXIT STATUS
    \(ExitStatus.helpSection)
    """

    /// `sockbench run`.
    public static let run = """
    Every axis option takes a comma-separated list and the run measures the Cartesian product. Each cell is measured --repetitions times in a seeded, randomized, interleaved order, each repetition after its own warmup. Combinations that cannot run (a UDP datagram over 65507 bytes, TCP_NODELAY on a non-TCP transport) are skipped or collapsed with the reason printed.

    The run directory (default results/<UTC timestamp>-<name>/) holds measurements.csv (one row per repetition, appended as each finishes), summary.csv (median, 95% CI and CV per cell), run.json (command, seed, host, sysctls, warnings) and histograms/ (ping-pong latency). Ctrl-C keeps every finished measurement; --resume DIR finishes the run.

    Durations need a unit (500ms, 2s, 1m; also us, ns): a bare number such as --duration 200 is refused. --output must name a new or empty directory: a directory that holds a run or any other file is refused (exit 74). Without --seed the seed is drawn when the run starts, printed and recorded in run.json; --dry-run says so.

    EXAMPLES
      sockbench run --transport unix,tcp --pattern pingpong,stream --size 64,1K,64K
      sockbench run --preset nagle --repetitions 3
      sockbench run --spec bench.yaml --dry-run
      sockbench run --resume results/20261125T171800Z-run --dry-run
    """

    /// `sockbench load`.
    public static let load = """
    For each transport, sweeps the offered rate of a paced stream (or open-loop rr): doubling from --start-rate until a rate fails, then bisecting between the last pass and the first failure (4 steps), once for each knee (a rate both searches visit is measured once).

    Saturation knee: the highest rate the transport keeps up with — achieved at least 95 % of offered, and the backlog not growing: the median latency from the intended send time of the second half of the step at most max(500 µs, half the first half's median, but never more than 2 % of a half's duration) above the first half's. A failing rate is measured up to twice more and the best kept: a failure must repeat before it bounds the knee. A backlog that grows lifts every later message, so the late median rises; one stall of a few ms lifts too few messages to move a median unless the rate is within a few percent of capacity. This knee depends on the transport's capacity, not on rare stalls.

    Latency knee: the highest rate that keeps up and whose --slo percentile beyond the machine's floor (the transport's percentile minus the floor's) is within the bound. The floor is a control run just before each step: the coordinator, pinned to the sender's core, follows the same pacing schedule with no socket and records how late it wakes (like cyclictest). Where the floor alone breaks the objective, the report says "floor-limited" instead of giving a knee.

    The whole sweep runs --repetitions times (default 5, transports interleaved); each knee is pooled from every try of every sweep, retries included: the highest rate at which the transport passes in at least half of its tries (an isotonic fit of the pass share against the rate), with a 95 % interval from resampling the sweeps. A bistable transport (a 64 B TCP or UDP stream near capacity passes a rate in one try and falls behind in the next) moves one sweep's knee by a third; the pooled knee uses every try. A knee whose interval spans more than 1.3× is marked *.

    Prints one line per transport and writes a normal run directory (default results/<UTC timestamp>-load/) with every step as a row of measurements.csv (rate_offered, owl_* columns; the sweep is the repetition), knees.json, the one-way histograms in histograms/ and the figures (knee.csv, gnuplot scripts) in its figures/, or in --plots DIR. --json prints knees.json on stdout instead of the table; progress stays on stderr.

    EXAMPLES
      sockbench load --transport unix,tcp,udp --size 64
      sockbench load --transport tcp --pattern rr --slo p999=1ms --nodelay off
      sockbench load --transport unix --quiet --json | jq '.transports[0].saturation.rate'
    """

    /// `sockbench reproduce`.
    public static let reproduce = """
    Measures AF_UNIX stream and TCP (with unix-dgram and UDP for context) under the conditions that change the answer: ping-pong and one-way stream; 64 B, 1 KiB and 64 KiB messages; TCP_NODELAY on and off; default and 1 MiB socket buffers; workers on the same core and on different cores; ping-pong between cores both with idle CPUs held polling (idle=poll) and with the idle states left to the OS (idle=os), since that decides the direction of the answer. Each condition's AF_UNIX and TCP cells are measured back to back in slots (random order within a slot), every condition one slot per round until --budget is spent (the design never looks at the results, so the 95% holds). The ratio's 95% interval comes from the per-slot ratios and also covers the ratio's drift between time blocks of the run (the drift column). Takes about a minute and a half on 2 cores.

    Writes a run directory (default results/<UTC timestamp>-reproduce/) with measurements.csv, summary.csv, run.json, claim.csv, claim-pairs.csv (every slot's ratio) and REPORT.md, and the figures into plots/<run name>/. Prints the per-condition table and a one-line verdict. Ping-pong msg/s counts 2 messages per round trip (the request and its echo).
    """

    /// `sockbench calibrate`.
    public static let calibrate = """
    Every cell is measured twice per repetition, once with the Swift loops and once with minimal plain-C loops (send/recv, poll on EAGAIN) over the same worker processes, sockets and options, so only the hot loop differs. Cells run in a seeded random order and each repetition (slot) measures both engines back to back, in a random order within the slot.

    Per cell it prints the median of the per-repetition ratios Swift msg/s / C msg/s and Swift p50 / C p50 of the cell's latency (ping-pong and rr: round trip; paced stream: one-way), each with an order-statistics 95% CI of the median, and flags cells whose median ratio is further than --tolerance from 1: OFF when the CI excludes 1, noisy when it does not. Both workers share one core by default (--cpu same). The machine's drift cancels in a ratio of neighbours; compare ratios within one run, not rates across runs.

    Writes calibration.csv (per cell), calibration-pairs.csv (per repetition) and calibration.json into the run directory (default results/<UTC timestamp>-calibrate, or -NAME with --name).

    With --rate, stream cells are paced (one-way latency from the intended send time) and --pattern rr sends requests open-loop; the C loops follow the same schedule and header as the Swift ones.

    The options are run's, with calibrate's own defaults: every transport, both patterns, sizes 64,1K,64K (UDP cannot carry 64 KiB and is skipped there), modes blocking,nonblocking, --cpu same (unpinned workers make a VM's ping-pong rate bimodal); 7 pairs per cell, each engine measuring 500 ms after a 200 ms warmup. --batch, --verify, --target-ci and --json do not apply: the C loops send one message per call and check no payload.

    --pattern connect (a connection per request) and --connections N (one epoll server, N connections) have C loops too: the same transactions and round trips, the same connect-time histogram and per-connection counts (fairness). With --connections the defaults are pattern pingpong and mode blocking (the epoll loops take --mode epoll-et for an edge-triggered server and measure every other mode as epoll). --threads T runs T C threads per worker, pinned and handed their connections as the Swift threads are; unix-dgram --connections cells are skipped (their C clients bind no socket paths).

    EXAMPLES
      sockbench calibrate
      sockbench calibrate --transport unix,tcp --size 64 --pattern pingpong --repetitions 9
      sockbench calibrate --transport unix,tcp --size 64 --pattern connect --mode blocking
      sockbench calibrate --transport unix,tcp --size 64 --connections 1,50
      sockbench calibrate --transport unix,tcp,udp --pattern pingpong --connections 64 --threads 1,2 --cpu split
    """

    /// `sockbench check`: the rules of a regression, the thresholds file and the exit statuses.
    public static let check = """
    Cells are matched by their id (every axis). For each cell and metric the
    median of the current run is compared with the baseline's. A change counts
    only when the median moved beyond the metric's threshold AND a two-sided
    Mann-Whitney U test on the per-repetition values gives p < 0.01. With 5
    repetitions per side, samples that do not overlap reach p = 0.0079; with
    fewer than 3 (or 3 vs 3, 4 vs 4) p cannot fall that low, and a change is
    listed as "insufficient repetitions", never flagged as a regression. Worse
    is a regression, better an improvement (reported, not a failure). A cell
    with a failed repetition in the current run is a regression.

    The check fails when it cannot check: a baseline cell (or metric) missing
    from the current run, and a change beyond its threshold with too few
    repetitions to test ("insufficient repetitions"), each get their own line
    and make exit 1, unless --allow-missing / --allow-undecided accept them.
    Cells new in the current run are listed, not failed. A check with
    nothing to compare fails (exit 1, --allow-missing included): a baseline
    or current run with no measured cell, or no cell in both. In JUnit, what fails
    is a <failure>, what is not checked but accepted is <skipped>.

    The table shows only the axes that vary between the cells (the shared ones
    are printed once above it); --changes-only leaves out the "ok" rows.
    --markdown, --junit and --json paths are checked before anything is
    measured.

    Default thresholds: msg_per_s, mb_per_s and rtt_per_s at --tolerance;
    rtt_p50_us 15%, rtt_p90_us 20%, rtt_p99_us 30%, rtt_p999_us 50%;
    cpu_us_per_msg_sender/receiver 25%; lost: any increase. rtt_max_us and
    ctx_switches_per_msg are not checked. A --thresholds YAML file replaces
    the default of each metric it names; a change must exceed every limit
    given (absolute is in the metric's unit):
      metrics:
        msg_per_s: {relative: 5%}
        rtt_p99_us: {relative: 30%, absolute: 5}
      skip: [rtt_p999_us]

    A warning is printed when the runs come from different hosts, kernels or
    sysctls: such a comparison may be meaningless.

    EXIT STATUS
      0    no regression, and everything was checked (or allowed)
      1    a regression or a failed cell, nothing to compare, a missing
           cell or an untestable change not allowed by --allow-missing /
           --allow-undecided, or the machine's drift beyond --max-drift
      64   invalid usage or thresholds file
      65   malformed baseline or run files (the line names file and field)
      66   baseline or run directory not found
      74   --markdown, --junit or --json cannot be written (checked before
           measuring), or --output is not a new or empty directory

    EXAMPLES
      sockbench check --baseline main --current results/20261125T171800Z-quick
      sockbench check --baseline main --run quick --junit check.xml --json check.json
      sockbench check --baseline main --current DIR --changes-only --allow-missing
      sockbench check --baseline ci --run ci --normalize --max-drift 20%
    """

    /// `sockbench baseline`: what a baseline directory holds.
    public static let baseline = """
    A baseline is a directory baselines/NAME/ meant to be committed:
      baseline.json  format version 1, pretty-printed, keys sorted: per cell
                     its id, axes, repetition counts and, per metric, the
                     value of every repetition and their median; merged RTT
                     percentiles; the host it was measured on
      run.json       a copy of the run's metadata (command, seed, host,
                     sysctls, warnings)
      summary.csv    a copy of the run's summary (medians, 95% CIs, CVs)
    Re-baselining is a reviewable diff of these files.

    EXAMPLES
      sockbench run --preset quick --repetitions 5 --output /tmp/main
      sockbench baseline save /tmp/main --name main
      sockbench baseline list
      sockbench baseline save /tmp/main --name main --baselines ci/baselines
    """

    /// `sockbench baseline save`: its exit statuses.
    public static let baselineSave = """
    EXIT STATUS
      0    saved
      64   invalid name, or the run is not complete
      65   malformed run files
      66   run directory not found
      74   the baseline exists (give --replace) or cannot be written
    """

    /// `sockbench report`.
    public static let report = """
    The page holds the command line, host, warnings, a table per pattern of
    the median and 95% interval of every cell (only the axes that vary
    between cells are columns), the comparisons when the run directory holds
    them (compare.csv from run --compare, claim.csv from reproduce), and
    every figure inlined as SVG with a line saying what to look for. It
    needs no network, no scripts and no other file: open it offline or keep
    it as a CI artifact. Figures are rendered into DIR/figures with gnuplot;
    without gnuplot the page says so and still holds every table.

    run, reproduce and check write the report at the end (--no-report skips it).

    EXAMPLES
      sockbench report results/20261125T171800Z-run
      xdg-open results/20261125T171800Z-run/report.html
    """

    /// `sockbench plot`: the scripts and the figures it can draw.
    public static let plot = """
    Writes one gnuplot script (.gp) per figure the run has data for. The
    scripts read the run's summary.csv, histograms/*.hgrm and claim.csv
    where they are, by a path relative to the script; they copy no data. When gnuplot is
    installed, each script is rendered to FIGURE.png (1000x600) and
    FIGURE.svg next to it; without it the scripts are still written.
    Edit a script and render it again from any directory with:
      gnuplot FIGURE.gp

    Points are medians over repetitions with 95% CI bars. Axes a figure
    does not vary are held at their most common value, named in its
    subtitle. A summary.csv written by an older sockbench, without the
    writes, connections and connect_p50_us columns, is first written again
    from measurements.csv.

    FIGURES (each only when the run has its data)
      msg-rate-P, throughput-P    msg/s, MB/s vs size, per transport
      latency-vs-size             ping-pong RTT p50, p99, p99.9 vs size
      latency-distribution-SIZE   RTT percentile distribution
      sndbuf-sweep-P, rcvbuf-..   msg/s vs effective buffer size (two or more
                                  buffer sizes per line, the other axes held)
      buffers-P                   msg/s bars per buffer setting, when the
                                  buffers changed together (no sweep)
      nodelay-P, io-modes-P       TCP_NODELAY on/off, I/O modes
      cpu-per-message-P           CPU µs per message, both processes
      msg-rate-vs-connections,    --connections: msg/s and RTT p99 vs
      p99-vs-connections          connections (log), per transport
      connect-rate, connect-time  connect pattern: transactions/s and
                                  connect() p50, per transport
      split-writes                RTT p50 of whole and split round trips
                                  (--writes, --reply-writes), per
                                  transport and TCP_NODELAY setting
      floor-P-…                   pipe and shm beside the sockets: msg/s
                                  per transport and I/O mode, highest
                                  first (log scale over a decade)
      claim-msg-rate, claim-ratio from claim.csv: claim vs measurement
    (P is the pattern: stream or pingpong.)

    EXAMPLES
      sockbench plot results/20261125T171800Z-default
      sockbench plot results/reference/claim --output plots/reference/claim
    """
}

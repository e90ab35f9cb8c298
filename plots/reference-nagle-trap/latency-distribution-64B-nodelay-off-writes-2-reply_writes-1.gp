# Round-trip time percentile distribution: 64B ping-pong, TCP_NODELAY=off, writes=2, reply_writes=1
# Written by `sockbench plot` from the run ../../results/reference-nagle-trap (relative to this script).
# It reads the run's files where they are. Edit anything, then render again from any directory:
#   gnuplot PATH/TO/latency-distribution-64B-nodelay-off-writes-2-reply_writes-1.gp
# which rewrites latency-distribution-64B-nodelay-off-writes-2-reply_writes-1.png and latency-distribution-64B-nodelay-off-writes-2-reply_writes-1.svg next to this script.

# Ranges, tics and the rows of each line were chosen from this run's values when this was written.
# Paths are relative to this script (gnuplot sets ARG0 to the script's path), so a clone of the
# repository or a copied directory tree still finds the run.
here = (strlen(ARG0) > 0) ? system("dirname '".ARG0."'") : '.'
run = here.'/../../results/reference-nagle-trap'
output = here.'/latency-distribution-64B-nodelay-off-writes-2-reply_writes-1'  # .png and .svg are appended

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
    set terminal pngcairo size 1000,600 font "DejaVu Sans,11" noenhanced
} else {
    set terminal png size 1000,600 noenhanced
}
set output output.'.png'

set style line 1 lc rgb "#0072B2" lw 2 pt 7 ps 1.2
set style line 2 lc rgb "#D55E00" lw 2 pt 5 ps 1.2
set style line 3 lc rgb "#009E73" lw 2 pt 9 ps 1.2
set style line 4 lc rgb "#CC79A7" lw 2 pt 11 ps 1.2
set style line 5 lc rgb "#E69F00" lw 2 pt 13 ps 1.2
set style line 6 lc rgb "#56B4E9" lw 2 pt 15 ps 1.2
set style line 7 lc rgb "#000000" lw 2 pt 4 ps 1.2
set style line 8 lc rgb "#999999" lw 2 pt 6 ps 1.2
set grid back lc rgb "#e0e0e0"
set border 3
set tics nomirror
set key outside right top Left reverse samplen 3 spacing 1.2

set title "Round-trip time percentile distribution: 64B ping-pong, TCP_NODELAY=off, writes=2, reply_writes=1\nrun reference-nagle-trap · histograms merged over repetitions\nthis figure: TCP_NODELAY=off, writes=2, reply_writes=1 (each combination has its own)"

set datafile separator whitespace
set datafile nocolumnheaders
# Columns of an .hgrm file: Value (µs), Percentile, TotalCount, 1/(1-Percentile).
set xlabel "percentile (HdrHistogram scale: 1/(1-p))"
set ylabel "round-trip time (µs)"
set logscale x
set xrange [1:106.665]
set xtics ("0%%" 1, "90%%" 10, "99%%" 100)  # %% prints %
set yrange [0:53084.2]
set ytics ("0" 0, "10000" 10000, "20000" 20000, "30000" 30000, "40000" 40000, "50000" 50000)
plot run.'/histograms/tcp_pingpong_64B_snd_default_rcv_default_nodelay_off_blocking_cpu_none_pairs_1_writes_2.hgrm' using 4:1 with lines ls 2 title "tcp"

# The same figure as SVG.
set terminal svg size 1000,600 font "DejaVu Sans,11" noenhanced background rgb "white"
set output output.'.svg'
replot
set output

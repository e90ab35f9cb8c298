# Round-trip time percentile distribution: 64B ping-pong
# Written by `sockbench plot` from the run ../../results/reference-netns (relative to this script).
# It reads the run's files where they are. Edit anything, then render again from any directory:
#   gnuplot PATH/TO/latency-distribution-64B.gp
# which rewrites latency-distribution-64B.png and latency-distribution-64B.svg next to this script.

# Ranges, tics and the rows of each line were chosen from this run's values when this was written.
# Paths are relative to this script (gnuplot sets ARG0 to the script's path), so a clone of the
# repository or a copied directory tree still finds the run.
here = (strlen(ARG0) > 0) ? system("dirname '".ARG0."'") : '.'
run = here.'/../../results/reference-netns'
output = here.'/latency-distribution-64B'  # .png and .svg are appended

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

set title "Round-trip time percentile distribution: 64B ping-pong\nrun reference-netns · histograms merged over repetitions\nclient vm → server vm (Linux 6.18.44-fc-v1045)"

set datafile separator whitespace
set datafile nocolumnheaders
# Columns of an .hgrm file: Value (µs), Percentile, TotalCount, 1/(1-Percentile).
set xlabel "percentile (HdrHistogram scale: 1/(1-p))"
set ylabel "round-trip time (µs)"
set logscale x
set xrange [1:327680]
set xtics ("0%%" 1, "90%%" 10, "99%%" 100, "99.9%%" 1000, "99.99%%" 10000, "99.999%%" 100000)  # %% prints %
set logscale y
set yrange [4.8696:10874.9]
set ytics ("10" 10, "100" 100, "1000" 1000, "10000" 10000)
plot run.'/histograms/tcp_pingpong_64B_snd_default_rcv_default_nodelay_on_blocking_cpu_none_pairs_1_hosts_server_10.200.0.2_server-via_ip_netns_exec_sbnet-b_client-via_ip_netns_exec_sbnet-a.hgrm' using 4:1 with lines ls 2 title "tcp", \
     run.'/histograms/udp_pingpong_64B_snd_default_rcv_default_nodelay_na_blocking_cpu_none_pairs_1_hosts_server_10.200.0.2_server-via_ip_netns_exec_sbnet-b_client-via_ip_netns_exec_sbnet-a.hgrm' using 4:1 with lines ls 3 title "udp"

# The same figure as SVG.
set terminal svg size 1000,600 font "DejaVu Sans,11" noenhanced background rgb "white"
set output output.'.svg'
replot
set output

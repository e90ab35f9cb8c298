# Messages per second, default vs 1MiB buffers: stream
# Written by `sockbench plot` from the run ../../results/reference (relative to this script).
# It reads the run's files where they are. Edit anything, then render again from any directory:
#   gnuplot PATH/TO/buffers-stream.gp
# which rewrites buffers-stream.png and buffers-stream.svg next to this script.

# Ranges, tics and the rows of each line were chosen from this run's values when this was written.
# Paths are relative to this script (gnuplot sets ARG0 to the script's path), so a clone of the
# repository or a copied directory tree still finds the run.
here = (strlen(ARG0) > 0) ? system("dirname '".ARG0."'") : '.'
run = here.'/../../results/reference'
output = here.'/buffers-stream'  # .png and .svg are appended

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

set title "Messages per second, default vs 1MiB buffers: stream\nrun reference · median and 95% CI over repetitions\nSO_SNDBUF and SO_RCVBUF as requested; the effective sizes are in summary.csv"

summary = run.'/summary.csv'
# keep(f): the current row matches every column=value word of filter f; an empty cell
# ("does not apply", such as nodelay on unix) matches any value, except in a column==value
# word (an empty rate or connections cell is a value of its own).
exact_matches(w) = strcol(w[1:strstrt(w, "==") - 1]) eq w[strstrt(w, "==") + 2:]
loose_matches(w) = (strcol(w[1:strstrt(w, "=") - 1]) eq w[strstrt(w, "=") + 1:]) || (strcol(w[1:strstrt(w, "=") - 1]) eq "")
cell_matches(w) = strstrt(w, "==") > 0 ? exact_matches(w) : loose_matches(w)
row_matches(f, i) = i > words(f) ? 1 : (cell_matches(word(f, i)) ? row_matches(f, i + 1) : 0)
keep(f) = row_matches(f, 1)

# The row of each bar: its group's axes and its buffer setting (column=value words, see keep above).
b1_1 = "transport=unix pattern=stream size_bytes=1024 sndbuf_requested=default rcvbuf_requested=default mode=blocking cpu=split pairs=1 batch=1 writes=1"  # unix 1KiB, buffers default
b1_2 = "transport=unix pattern=stream size_bytes=1024 sndbuf_requested=1048576 rcvbuf_requested=1048576 mode=blocking cpu=split pairs=1 batch=1 writes=1"  # unix 1KiB, buffers 1MiB
b2_1 = "transport=tcp pattern=stream size_bytes=1024 sndbuf_requested=default rcvbuf_requested=default nodelay=on mode=blocking cpu=split pairs=1 batch=1 writes=1"  # tcp 1KiB TCP_NODELAY=on, buffers default
b2_2 = "transport=tcp pattern=stream size_bytes=1024 sndbuf_requested=1048576 rcvbuf_requested=1048576 nodelay=on mode=blocking cpu=split pairs=1 batch=1 writes=1"  # tcp 1KiB TCP_NODELAY=on, buffers 1MiB
b3_1 = "transport=unix pattern=stream size_bytes=65536 sndbuf_requested=default rcvbuf_requested=default mode=blocking cpu=split pairs=1 batch=1 writes=1"  # unix 64KiB, buffers default
b3_2 = "transport=unix pattern=stream size_bytes=65536 sndbuf_requested=1048576 rcvbuf_requested=1048576 mode=blocking cpu=split pairs=1 batch=1 writes=1"  # unix 64KiB, buffers 1MiB
b4_1 = "transport=tcp pattern=stream size_bytes=65536 sndbuf_requested=default rcvbuf_requested=default nodelay=on mode=blocking cpu=split pairs=1 batch=1 writes=1"  # tcp 64KiB TCP_NODELAY=on, buffers default
b4_2 = "transport=tcp pattern=stream size_bytes=65536 sndbuf_requested=1048576 rcvbuf_requested=1048576 nodelay=on mode=blocking cpu=split pairs=1 batch=1 writes=1"  # tcp 64KiB TCP_NODELAY=on, buffers 1MiB

# Copy each bar's row (median, 95% CI low, CI high) into a datablock.
set datafile separator comma
set datafile columnheaders
set table $b1_1
plot summary using "msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(b1_1))
set table $b1_2
plot summary using "msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(b1_2))
set table $b2_1
plot summary using "msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(b2_1))
set table $b2_2
plot summary using "msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(b2_2))
set table $b3_1
plot summary using "msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(b3_1))
set table $b3_2
plot summary using "msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(b3_2))
set table $b4_1
plot summary using "msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(b4_1))
set table $b4_2
plot summary using "msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(b4_2))
unset table
set datafile separator whitespace
set datafile nocolumnheaders

set xrange [-0.6:4 - 0.4]
set xtics scale 0 ("unix\n1KiB" 0, "tcp\n1KiB\nTCP_NODELAY=on" 1, "unix\n64KiB" 2, "tcp\n64KiB\nTCP_NODELAY=on" 3)
set bmargin 5
set style fill solid 0.85 border -1
set ylabel "messages per second (msg/s)"
set logscale y
set yrange [10739.1:741202]
set ytics ("20k" 20000, "50k" 50000, "100k" 100000, "200k" 200000, "500k" 500000)
plot $b1_1 using (0-0.2):1:2:3:(0.38) with boxerrorbars ls 1 fs solid 0.85 border -1 title "buffers default", \
     $b1_2 using (0+0.2):1:2:3:(0.38) with boxerrorbars ls 1 fs pattern 4 border -1 title "buffers 1MiB", \
     $b2_1 using (1-0.2):1:2:3:(0.38) with boxerrorbars ls 2 fs solid 0.85 border -1 notitle, \
     $b2_2 using (1+0.2):1:2:3:(0.38) with boxerrorbars ls 2 fs pattern 4 border -1 notitle, \
     $b3_1 using (2-0.2):1:2:3:(0.38) with boxerrorbars ls 1 fs solid 0.85 border -1 notitle, \
     $b3_2 using (2+0.2):1:2:3:(0.38) with boxerrorbars ls 1 fs pattern 4 border -1 notitle, \
     $b4_1 using (3-0.2):1:2:3:(0.38) with boxerrorbars ls 2 fs solid 0.85 border -1 notitle, \
     $b4_2 using (3+0.2):1:2:3:(0.38) with boxerrorbars ls 2 fs pattern 4 border -1 notitle

# The same figure as SVG.
set terminal svg size 1000,600 font "DejaVu Sans,11" noenhanced background rgb "white"
set output output.'.svg'
replot
set output

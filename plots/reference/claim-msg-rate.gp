# Claimed vs measured messages per second, per condition
# Written by `sockbench plot` from the run ../../results/reference (relative to this script).
# It reads the run's files where they are. Edit anything, then render again from any directory:
#   gnuplot PATH/TO/claim-msg-rate.gp
# which rewrites claim-msg-rate.png and claim-msg-rate.svg next to this script.

# Ranges, tics and the rows of each line were chosen from this run's values when this was written.
# Paths are relative to this script (gnuplot sets ARG0 to the script's path), so a clone of the
# repository or a copied directory tree still finds the run.
here = (strlen(ARG0) > 0) ? system("dirname '".ARG0."'") : '.'
run = here.'/../../results/reference'
output = here.'/claim-msg-rate'  # .png and .svg are appended

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

set title "Claimed vs measured messages per second, per condition\nrun reference · rates: median and 95% CI over slots; ratio: trimmed geometric mean of per-slot ratios\nPP ping-pong, ST stream, Nagle: TCP_NODELAY off, 1core: one core, 1MiB: buffers"

claim = run.'/claim.csv'
claimed_unix = 100000  # msg/s, the document's figure for AF_UNIX
claimed_tcp = 40000  # msg/s, and for TCP
# A condition label with one word per line, so long labels fit under their bars.
stack(s) = strstrt(s, " ") > 0 ? s[1:strstrt(s, " ") - 1] . "\n" . stack(s[strstrt(s, " ") + 1:]) : s
set datafile separator comma
set datafile columnheaders
set xrange [-0.6:18 - 0.4]
set xtics scale 0
set bmargin 6
set style fill solid 0.85 border -1
set ylabel "messages per second (msg/s)"
set logscale y
set yrange [4989.6:1.58162e+06]
set ytics ("5k" 5000, "10k" 10000, "20k" 20000, "50k" 50000, "100k" 100000, "200k" 200000, "500k" 500000, "1M" 1e+06)
plot claim using ($0 - 0.3):(claimed_unix):(0.19) with boxes ls 1 fs transparent solid 0.3 title sprintf("claimed AF_UNIX (%g)", claimed_unix), \
     claim using ($0 - 0.1):"unix_msg_per_s":"unix_ci_low":"unix_ci_high":(0.19) with boxerrorbars ls 1 title "measured AF_UNIX", \
     claim using ($0 + 0.1):(claimed_tcp):(0.19) with boxes ls 2 fs transparent solid 0.3 title sprintf("claimed TCP (%g)", claimed_tcp), \
     claim using ($0 + 0.3):"tcp_msg_per_s":"tcp_ci_low":"tcp_ci_high":(0.19) with boxerrorbars ls 2 title "measured TCP", \
     claim using 0:(NaN):xtic(stack(strcol("short_label"))) notitle

# The same figure as SVG.
set terminal svg size 1000,600 font "DejaVu Sans,11" noenhanced background rgb "white"
set output output.'.svg'
replot
set output

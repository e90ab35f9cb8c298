# tcp against unix, paired slot by slot
# Written by `sockbench plot` from the run .. (relative to this script).
# It reads the run's files where they are. Edit anything, then render again from any directory:
#   gnuplot PATH/TO/compare-transport.gp
# which rewrites compare-transport.png and compare-transport.svg next to this script.

# Ranges, tics and the rows of each line were chosen from this run's values when this was written.
# Paths are relative to this script (gnuplot sets ARG0 to the script's path), so a clone of the
# repository or a copied directory tree still finds the run.
here = (strlen(ARG0) > 0) ? system("dirname '".ARG0."'") : '.'
run = here.'/..'
output = here.'/compare-transport'  # .png and .svg are appended

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

set title "tcp against unix, paired slot by slot\nrun reference-sidecar · unix and tcp measured back to back in each slot"

compare = run.'/compare.csv'
set datafile separator comma
set datafile columnheaders
set xrange [-0.6:4 - 0.4]
set xtics scale 0 rotate by -30
set bmargin 8
set ylabel "tcp ÷ unix (log scale; msg/s above 1 or RTT below 1: tcp faster)"
set logscale y
set ytics ("0.25" 0.25, "0.5" 0.5, "0.8" 0.8, "0.9" 0.9, "1" 1, "1.1" 1.1, "1.25" 1.25, "1.5" 1.5, "2" 2, "3" 3, "4" 4)
set yrange [0.577:1.79]
plot compare using 0:"ratio":"ratio_low":"ratio_high":xtic(strcol("label")) with yerrorbars ls 3 pt 7 ps 1.5 lw 2 title "trimmed geometric mean of per-slot ratios (95% CI)", \
     1 with lines ls 7 dt 3 title "no difference (1)"

# The same figure as SVG.
set terminal svg size 1000,600 font "DejaVu Sans,11" noenhanced background rgb "white"
set output output.'.svg'
replot
set output

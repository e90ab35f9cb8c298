# AF_UNIX / TCP message rate ratio per condition
# Written by `sockbench plot` from the run ../../results/reference (relative to this script).
# It reads the run's files where they are. Edit anything, then render again from any directory:
#   gnuplot PATH/TO/claim-ratio.gp
# which rewrites claim-ratio.png and claim-ratio.svg next to this script.

# Ranges, tics and the rows of each line were chosen from this run's values when this was written.
# Paths are relative to this script (gnuplot sets ARG0 to the script's path), so a clone of the
# repository or a copied directory tree still finds the run.
here = (strlen(ARG0) > 0) ? system("dirname '".ARG0."'") : '.'
run = here.'/../../results/reference'
output = here.'/claim-ratio'  # .png and .svg are appended

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

set title "AF_UNIX / TCP message rate ratio per condition\nrun reference · rates: median and 95% CI over slots; ratio: trimmed geometric mean of per-slot ratios\nPP ping-pong, ST stream, Nagle: TCP_NODELAY off, 1core: one core, 1MiB: buffers"

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
claimed_ratio = claimed_unix / (claimed_tcp * 1.0)
set ylabel "AF_UNIX msg/s ÷ TCP msg/s (log scale)"
set logscale y
set yrange [0.173:4]
set ytics ("0.25" 0.25, "0.5" 0.5, "1" 1, "1.5" 1.5, "2" 2, "2.5" 2.5, "3" 3, "4" 4, "6" 6, "8" 8, "16" 16, "32" 32)
plot claim using 0:"ratio":"verdict_low":"verdict_high" with yerrorbars ls 3 pt 7 ps 1.5 lw 2 title "measured ratio (95% CI)", \
     claimed_ratio with lines ls 2 dt 2 title sprintf("claimed ratio %g", claimed_ratio), \
     1 with lines ls 7 dt 3 title "equal rates (1)", \
     for [b in "0.9000 1.1000 2.0000 3.0000"] b+0 with lines lc rgb "#bbbbbb" dt 4 notitle, \
     claim using 0:(NaN):xtic(stack(strcol("short_label"))) notitle

# The same figure as SVG.
set terminal svg size 1000,600 font "DejaVu Sans,11" noenhanced background rgb "white"
set output output.'.svg'
replot
set output

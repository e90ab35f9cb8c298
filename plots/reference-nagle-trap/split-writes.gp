# Round-trip p50 of messages written whole or split: pingpong
# Written by `sockbench plot` from the run ../../results/reference-nagle-trap (relative to this script).
# It reads the run's files where they are. Edit anything, then render again from any directory:
#   gnuplot PATH/TO/split-writes.gp
# which rewrites split-writes.png and split-writes.svg next to this script.

# Ranges, tics and the rows of each line were chosen from this run's values when this was written.
# Paths are relative to this script (gnuplot sets ARG0 to the script's path), so a clone of the
# repository or a copied directory tree still finds the run.
here = (strlen(ARG0) > 0) ? system("dirname '".ARG0."'") : '.'
run = here.'/../../results/reference-nagle-trap'
output = here.'/split-writes'  # .png and .svg are appended

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

set title "Round-trip p50 of messages written whole or split: pingpong\nrun reference-nagle-trap · median and 95% CI over repetitions\nfilled circle: whole, open circle: request split, triangle: reply split, square: both split"

summary = run.'/summary.csv'
# keep(f): the current row matches every column=value word of filter f; an empty cell
# ("does not apply", such as nodelay on unix) matches any value, except in a column==value
# word (an empty rate or connections cell is a value of its own).
exact_matches(w) = strcol(w[1:strstrt(w, "==") - 1]) eq w[strstrt(w, "==") + 2:]
loose_matches(w) = (strcol(w[1:strstrt(w, "=") - 1]) eq w[strstrt(w, "=") + 1:]) || (strcol(w[1:strstrt(w, "=") - 1]) eq "")
cell_matches(w) = strstrt(w, "==") > 0 ? exact_matches(w) : loose_matches(w)
row_matches(f, i) = i > words(f) ? 1 : (cell_matches(word(f, i)) ? row_matches(f, i + 1) : 0)
keep(f) = row_matches(f, 1)

# The row of each point (column=value words, see keep above).
held = "pattern=pingpong"
p1 = "transport=tcp nodelay=on writes=1 reply_writes=1 ".held  # tcp nodelay=on, request and reply whole
p2 = "transport=tcp nodelay=on writes=2 reply_writes=1 ".held  # tcp nodelay=on, request split (header, then body)
p3 = "transport=tcp nodelay=on writes=1 reply_writes=2 ".held  # tcp nodelay=on, reply split
p4 = "transport=tcp nodelay=on writes=2 reply_writes=2 ".held  # tcp nodelay=on, request and reply split
p5 = "transport=tcp nodelay=off writes=1 reply_writes=1 ".held  # tcp nodelay=off
p6 = "transport=tcp nodelay=off writes=2 reply_writes=1 ".held  # tcp nodelay=off
p7 = "transport=tcp nodelay=off writes=1 reply_writes=2 ".held  # tcp nodelay=off
p8 = "transport=tcp nodelay=off writes=2 reply_writes=2 ".held  # tcp nodelay=off

# Copy each point's row (median, 95% CI low, CI high) into a datablock.
set datafile separator comma
set datafile columnheaders
set table $p1
plot summary using "rtt_p50_us_median":"rtt_p50_us_ci_low":"rtt_p50_us_ci_high" with table if (keep(p1))
set table $p2
plot summary using "rtt_p50_us_median":"rtt_p50_us_ci_low":"rtt_p50_us_ci_high" with table if (keep(p2))
set table $p3
plot summary using "rtt_p50_us_median":"rtt_p50_us_ci_low":"rtt_p50_us_ci_high" with table if (keep(p3))
set table $p4
plot summary using "rtt_p50_us_median":"rtt_p50_us_ci_low":"rtt_p50_us_ci_high" with table if (keep(p4))
set table $p5
plot summary using "rtt_p50_us_median":"rtt_p50_us_ci_low":"rtt_p50_us_ci_high" with table if (keep(p5))
set table $p6
plot summary using "rtt_p50_us_median":"rtt_p50_us_ci_low":"rtt_p50_us_ci_high" with table if (keep(p6))
set table $p7
plot summary using "rtt_p50_us_median":"rtt_p50_us_ci_low":"rtt_p50_us_ci_high" with table if (keep(p7))
set table $p8
plot summary using "rtt_p50_us_median":"rtt_p50_us_ci_low":"rtt_p50_us_ci_high" with table if (keep(p8))
unset table
set datafile separator whitespace
set datafile nocolumnheaders

set xrange [-0.6:2 - 0.4]
set xtics scale 0 ("tcp nodelay=on" 0, "tcp nodelay=off" 1)
set ylabel "round-trip time p50 (µs)"
set logscale y
set yrange [20.492:110100]
set ytics ("100" 100, "1000" 1000, "10000" 10000, "100000" 100000)
plot $p1 using (-0.12):1:2:3 with yerrorbars ls 2 pt 7 ps 1.6 title "request and reply whole", \
     $p2 using (-0.04):1:2:3 with yerrorbars ls 2 pt 6 ps 1.6 title "request split (header, then body)", \
     $p3 using (0.04):1:2:3 with yerrorbars ls 2 pt 8 ps 1.6 title "reply split", \
     $p4 using (0.12):1:2:3 with yerrorbars ls 2 pt 4 ps 1.6 title "request and reply split", \
     $p5 using (0.88):1:2:3 with yerrorbars ls 2 pt 7 ps 1.6 notitle, \
     $p6 using (0.96):1:2:3 with yerrorbars ls 2 pt 6 ps 1.6 notitle, \
     $p7 using (1.04):1:2:3 with yerrorbars ls 2 pt 8 ps 1.6 notitle, \
     $p8 using (1.12):1:2:3 with yerrorbars ls 2 pt 4 ps 1.6 notitle

# The same figure as SVG.
set terminal svg size 1000,600 font "DejaVu Sans,11" noenhanced background rgb "white"
set output output.'.svg'
replot
set output

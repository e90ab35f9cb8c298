# A connection per request: transactions per second
# Written by `sockbench plot` from the run ../../results/reference-connect (relative to this script).
# It reads the run's files where they are. Edit anything, then render again from any directory:
#   gnuplot PATH/TO/connect-rate.gp
# which rewrites connect-rate.png and connect-rate.svg next to this script.

# Ranges, tics and the rows of each line were chosen from this run's values when this was written.
# Paths are relative to this script (gnuplot sets ARG0 to the script's path), so a clone of the
# repository or a copied directory tree still finds the run.
here = (strlen(ARG0) > 0) ? system("dirname '".ARG0."'") : '.'
run = here.'/../../results/reference-connect'
output = here.'/connect-rate'  # .png and .svg are appended

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
set style line 9 lc rgb "#882255" lw 2 pt 8 ps 1.2
set grid back lc rgb "#e0e0e0"
set border 3
set tics nomirror
set key outside right top Left reverse samplen 3 spacing 1.2

set title "A connection per request: transactions per second\nrun reference-connect · median and 95% CI over repetitions"

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
held = "pattern=connect"
p1 = "transport=unix ".held  # unix
p2 = "transport=tcp ".held  # tcp

# Copy each point's row (median, 95% CI low, CI high) into a datablock.
set datafile separator comma
set datafile columnheaders
set table $p1
plot summary using "msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(p1))
set table $p2
plot summary using "msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(p2))
unset table
set datafile separator whitespace
set datafile nocolumnheaders

set xrange [-0.6:2 - 0.4]
set xtics scale 0 ("unix" 0, "tcp" 1)
set ylabel "transactions per second (connect, request, reply, close)"
set yrange [0:39553.5]
set ytics ("0" 0, "10k" 10000, "20k" 20000, "30k" 30000)
plot $p1 using (0):1:2:3 with yerrorbars ls 1 ps 1.6 notitle, \
     $p2 using (1):1:2:3 with yerrorbars ls 2 ps 1.6 notitle

# The same figure as SVG.
set terminal svg size 1000,600 font "DejaVu Sans,11" noenhanced background rgb "white"
set output output.'.svg'
replot
set output

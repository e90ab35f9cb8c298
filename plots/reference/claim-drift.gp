# AF_UNIX / TCP ratio of every slot over the run
# Written by `sockbench plot` from the run ../../results/reference (relative to this script).
# It reads the run's files where they are. Edit anything, then render again from any directory:
#   gnuplot PATH/TO/claim-drift.gp
# which rewrites claim-drift.png and claim-drift.svg next to this script.

# Ranges, tics and the rows of each line were chosen from this run's values when this was written.
# Paths are relative to this script (gnuplot sets ARG0 to the script's path), so a clone of the
# repository or a copied directory tree still finds the run.
here = (strlen(ARG0) > 0) ? system("dirname '".ARG0."'") : '.'
run = here.'/../../results/reference'
output = here.'/claim-drift'  # .png and .svg are appended

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

set title "AF_UNIX / TCP ratio of every slot over the run\nrun reference · a vertex per slot, both sides measured back to back · claim-pairs.csv"

pairs = run.'/claim-pairs.csv'
set datafile separator comma
set datafile columnheaders
set xlabel "seconds since the run started"
set ylabel "ratio of the slot (log scale)"
set logscale y
set ytics ("0.25" 0.25, "0.5" 0.5, "0.7" 0.7, "0.8" 0.8, "0.9" 0.9, "1" 1, "1.1" 1.1, "1.25" 1.25, "1.5" 1.5, "2" 2, "3" 3, "4" 4, "6" 6, "8" 8)
set yrange [0.202:5.28]
set key outside right top vertical font ",9"
plot pairs using "time_s":(strcol("short_label") eq "PP 64B idle=poll" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "PP 64B idle=poll", \
     pairs using "time_s":(strcol("short_label") eq "PP 64B Nagle idle=poll" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "PP 64B Nagle idle=poll", \
     pairs using "time_s":(strcol("short_label") eq "PP 1KiB idle=poll" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "PP 1KiB idle=poll", \
     pairs using "time_s":(strcol("short_label") eq "PP 64KiB idle=poll" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "PP 64KiB idle=poll", \
     pairs using "time_s":(strcol("short_label") eq "PP 64B idle=os" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "PP 64B idle=os", \
     pairs using "time_s":(strcol("short_label") eq "PP 64B Nagle idle=os" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "PP 64B Nagle idle=os", \
     pairs using "time_s":(strcol("short_label") eq "PP 1KiB idle=os" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "PP 1KiB idle=os", \
     pairs using "time_s":(strcol("short_label") eq "PP 64KiB idle=os" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "PP 64KiB idle=os", \
     pairs using "time_s":(strcol("short_label") eq "PP 64B 1core" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "PP 64B 1core", \
     pairs using "time_s":(strcol("short_label") eq "ST 64B Nagle" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "ST 64B Nagle", \
     pairs using "time_s":(strcol("short_label") eq "ST 64B" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "ST 64B", \
     pairs using "time_s":(strcol("short_label") eq "ST 64B Nagle 1core" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "ST 64B Nagle 1core", \
     pairs using "time_s":(strcol("short_label") eq "ST 64B 1core" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "ST 64B 1core", \
     pairs using "time_s":(strcol("short_label") eq "ST 1KiB Nagle" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "ST 1KiB Nagle", \
     pairs using "time_s":(strcol("short_label") eq "ST 1KiB" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "ST 1KiB", \
     pairs using "time_s":(strcol("short_label") eq "ST 1KiB 1MiB" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "ST 1KiB 1MiB", \
     pairs using "time_s":(strcol("short_label") eq "ST 64KiB" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "ST 64KiB", \
     pairs using "time_s":(strcol("short_label") eq "ST 64KiB 1MiB" ? column("ratio") : NaN) smooth unique with lines lw 1.5 title "ST 64KiB 1MiB", \
     1 with lines ls 7 dt 3 notitle

# The same figure as SVG.
set terminal svg size 1000,600 font "DejaVu Sans,11" noenhanced background rgb "white"
set output output.'.svg'
replot
set output

# I/O modes: pingpong
# Written by `sockbench plot` from the run ../../results/reference-modes (relative to this script).
# It reads the run's files where they are. Edit anything, then render again from any directory:
#   gnuplot PATH/TO/io-modes-pingpong.gp
# which rewrites io-modes-pingpong.png and io-modes-pingpong.svg next to this script.

# Ranges, tics and the rows of each line were chosen from this run's values when this was written.
# Paths are relative to this script (gnuplot sets ARG0 to the script's path), so a clone of the
# repository or a copied directory tree still finds the run.
here = (strlen(ARG0) > 0) ? system("dirname '".ARG0."'") : '.'
run = here.'/../../results/reference-modes'
output = here.'/io-modes-pingpong'  # .png and .svg are appended

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

set title "I/O modes: pingpong\nrun reference-modes · median and 95% CI over repetitions"

summary = run.'/summary.csv'
# keep(f): the current row matches every column=value word of filter f; an empty cell
# ("does not apply", such as nodelay on unix) matches any value, except in a column==value
# word (an empty rate or connections cell is a value of its own).
exact_matches(w) = strcol(w[1:strstrt(w, "==") - 1]) eq w[strstrt(w, "==") + 2:]
loose_matches(w) = (strcol(w[1:strstrt(w, "=") - 1]) eq w[strstrt(w, "=") + 1:]) || (strcol(w[1:strstrt(w, "=") - 1]) eq "")
cell_matches(w) = strstrt(w, "==") > 0 ? exact_matches(w) : loose_matches(w)
row_matches(f, i) = i > words(f) ? 1 : (cell_matches(word(f, i)) ? row_matches(f, i + 1) : 0)
keep(f) = row_matches(f, 1)

# The rows each line draws (column=value words, see keep above).
held = "pattern=pingpong"
s1 = "transport=unix mode=blocking ".held  # unix blocking
s2 = "transport=unix mode=nonblocking ".held  # unix nonblocking
s3 = "transport=unix mode=epoll ".held  # unix epoll
s4 = "transport=unix mode=epoll-et ".held  # unix epoll-et
s5 = "transport=unix mode=busy-poll ".held  # unix busy-poll
s6 = "transport=unix mode=timeout ".held  # unix timeout
s7 = "transport=tcp mode=blocking ".held  # tcp blocking
s8 = "transport=tcp mode=nonblocking ".held  # tcp nonblocking
s9 = "transport=tcp mode=epoll ".held  # tcp epoll
s10 = "transport=tcp mode=epoll-et ".held  # tcp epoll-et
s11 = "transport=tcp mode=busy-poll ".held  # tcp busy-poll
s12 = "transport=tcp mode=timeout ".held  # tcp timeout
s13 = "transport=udp mode=blocking ".held  # udp blocking
s14 = "transport=udp mode=nonblocking ".held  # udp nonblocking
s15 = "transport=udp mode=epoll ".held  # udp epoll
s16 = "transport=udp mode=epoll-et ".held  # udp epoll-et
s17 = "transport=udp mode=busy-poll ".held  # udp busy-poll
s18 = "transport=udp mode=timeout ".held  # udp timeout

# Copy each line's rows (x, median, 95% CI low, CI high) into a datablock.
set datafile separator comma
set datafile columnheaders
set table $s1
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s1))
set table $s2
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s2))
set table $s3
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s3))
set table $s4
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s4))
set table $s5
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s5))
set table $s6
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s6))
set table $s7
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s7))
set table $s8
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s8))
set table $s9
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s9))
set table $s10
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s10))
set table $s11
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s11))
set table $s12
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s12))
set table $s13
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s13))
set table $s14
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s14))
set table $s15
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s15))
set table $s16
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s16))
set table $s17
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s17))
set table $s18
plot summary using "size_bytes":"msg_per_s_median":"msg_per_s_ci_low":"msg_per_s_ci_high" with table if (keep(s18))
unset table
set datafile separator whitespace
set datafile nocolumnheaders

set xlabel "message size (bytes)"
set ylabel "messages per second (msg/s)"
set logscale x 2
set xrange [45.7143:89.6]
set xtics ("64B" 64)
set logscale y
set yrange [44959:969448]
set ytics ("50k" 50000, "100k" 100000, "200k" 200000, "500k" 500000)
# Line i is drawn at x * spread**(i - middle), so CI bars at one x do not hide each other.
spread = 1.03
plot $s1 using ($1 * spread**-8.5):2 smooth unique with linespoints ls 1 dt 1 title "unix blocking", \
     $s1 using ($1 * spread**-8.5):2:3:4 with yerrorbars ls 1 notitle, \
     $s2 using ($1 * spread**-7.5):2 smooth unique with linespoints ls 1 dt 2 title "unix nonblocking", \
     $s2 using ($1 * spread**-7.5):2:3:4 with yerrorbars ls 1 notitle, \
     $s3 using ($1 * spread**-6.5):2 smooth unique with linespoints ls 1 dt 3 title "unix epoll", \
     $s3 using ($1 * spread**-6.5):2:3:4 with yerrorbars ls 1 notitle, \
     $s4 using ($1 * spread**-5.5):2 smooth unique with linespoints ls 1 dt 4 title "unix epoll-et", \
     $s4 using ($1 * spread**-5.5):2:3:4 with yerrorbars ls 1 notitle, \
     $s5 using ($1 * spread**-4.5):2 smooth unique with linespoints ls 1 dt 5 title "unix busy-poll", \
     $s5 using ($1 * spread**-4.5):2:3:4 with yerrorbars ls 1 notitle, \
     $s6 using ($1 * spread**-3.5):2 smooth unique with linespoints ls 1 dt 6 title "unix timeout", \
     $s6 using ($1 * spread**-3.5):2:3:4 with yerrorbars ls 1 notitle, \
     $s7 using ($1 * spread**-2.5):2 smooth unique with linespoints ls 2 dt 1 title "tcp blocking", \
     $s7 using ($1 * spread**-2.5):2:3:4 with yerrorbars ls 2 notitle, \
     $s8 using ($1 * spread**-1.5):2 smooth unique with linespoints ls 2 dt 2 title "tcp nonblocking", \
     $s8 using ($1 * spread**-1.5):2:3:4 with yerrorbars ls 2 notitle, \
     $s9 using ($1 * spread**-0.5):2 smooth unique with linespoints ls 2 dt 3 title "tcp epoll", \
     $s9 using ($1 * spread**-0.5):2:3:4 with yerrorbars ls 2 notitle, \
     $s10 using ($1 * spread**0.5):2 smooth unique with linespoints ls 2 dt 4 title "tcp epoll-et", \
     $s10 using ($1 * spread**0.5):2:3:4 with yerrorbars ls 2 notitle, \
     $s11 using ($1 * spread**1.5):2 smooth unique with linespoints ls 2 dt 5 title "tcp busy-poll", \
     $s11 using ($1 * spread**1.5):2:3:4 with yerrorbars ls 2 notitle, \
     $s12 using ($1 * spread**2.5):2 smooth unique with linespoints ls 2 dt 6 title "tcp timeout", \
     $s12 using ($1 * spread**2.5):2:3:4 with yerrorbars ls 2 notitle, \
     $s13 using ($1 * spread**3.5):2 smooth unique with linespoints ls 3 dt 1 title "udp blocking", \
     $s13 using ($1 * spread**3.5):2:3:4 with yerrorbars ls 3 notitle, \
     $s14 using ($1 * spread**4.5):2 smooth unique with linespoints ls 3 dt 2 title "udp nonblocking", \
     $s14 using ($1 * spread**4.5):2:3:4 with yerrorbars ls 3 notitle, \
     $s15 using ($1 * spread**5.5):2 smooth unique with linespoints ls 3 dt 3 title "udp epoll", \
     $s15 using ($1 * spread**5.5):2:3:4 with yerrorbars ls 3 notitle, \
     $s16 using ($1 * spread**6.5):2 smooth unique with linespoints ls 3 dt 4 title "udp epoll-et", \
     $s16 using ($1 * spread**6.5):2:3:4 with yerrorbars ls 3 notitle, \
     $s17 using ($1 * spread**7.5):2 smooth unique with linespoints ls 3 dt 5 title "udp busy-poll", \
     $s17 using ($1 * spread**7.5):2:3:4 with yerrorbars ls 3 notitle, \
     $s18 using ($1 * spread**8.5):2 smooth unique with linespoints ls 3 dt 6 title "udp timeout", \
     $s18 using ($1 * spread**8.5):2:3:4 with yerrorbars ls 3 notitle

# The same figure as SVG.
set terminal svg size 1000,600 font "DejaVu Sans,11" noenhanced background rgb "white"
set output output.'.svg'
replot
set output

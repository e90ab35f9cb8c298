# sockbench load figure; render from any directory with: gnuplot PATH/TO/load-latency.gp
here = (strlen(ARG0) > 0) ? system("dirname '".ARG0."'") : '.'
data = here.'/knee.csv'
set terminal pngcairo size 900,600 noenhanced
set output here.'/load-latency.png'
set datafile separator ','
set title 'one-way latency (from intended send time) and the pacing floor vs offered rate'
set grid
set logscale xy
set xlabel 'offered msg/s per pair'
set ylabel 'one-way latency, µs'
set key top left
set arrow from graph 0, first 200.0 to graph 1, first 200.0 nohead dt 2
plot data using (strcol(1) eq 'unix' ? $3 : NaN):(strcol(1) eq 'unix' ? $5 : NaN) with points lc 1 pt 6 title 'unix p50', \
     data using (strcol(1) eq 'unix' ? $3 : NaN):(strcol(1) eq 'unix' ? $8 : NaN) with points lc 1 pt 7 title 'unix p99 whole step', \
     data using (strcol(1) eq 'unix' ? $3 : NaN):(strcol(1) eq 'unix' ? $14 : NaN) with points lc 1 pt 5 title 'unix p99 typical window', \
     data using (strcol(1) eq 'unix' ? $3 : NaN):(strcol(1) eq 'unix' ? $9 : NaN) with points lc 1 pt 1 title 'unix floor p99', \
     data using (strcol(1) eq 'tcp' ? $3 : NaN):(strcol(1) eq 'tcp' ? $5 : NaN) with points lc 2 pt 6 title 'tcp p50', \
     data using (strcol(1) eq 'tcp' ? $3 : NaN):(strcol(1) eq 'tcp' ? $8 : NaN) with points lc 2 pt 7 title 'tcp p99 whole step', \
     data using (strcol(1) eq 'tcp' ? $3 : NaN):(strcol(1) eq 'tcp' ? $14 : NaN) with points lc 2 pt 5 title 'tcp p99 typical window', \
     data using (strcol(1) eq 'tcp' ? $3 : NaN):(strcol(1) eq 'tcp' ? $9 : NaN) with points lc 2 pt 1 title 'tcp floor p99', \
     data using (strcol(1) eq 'udp' ? $3 : NaN):(strcol(1) eq 'udp' ? $5 : NaN) with points lc 3 pt 6 title 'udp p50', \
     data using (strcol(1) eq 'udp' ? $3 : NaN):(strcol(1) eq 'udp' ? $8 : NaN) with points lc 3 pt 7 title 'udp p99 whole step', \
     data using (strcol(1) eq 'udp' ? $3 : NaN):(strcol(1) eq 'udp' ? $14 : NaN) with points lc 3 pt 5 title 'udp p99 typical window', \
     data using (strcol(1) eq 'udp' ? $3 : NaN):(strcol(1) eq 'udp' ? $9 : NaN) with points lc 3 pt 1 title 'udp floor p99'

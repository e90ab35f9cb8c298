# sockbench load figure; render from any directory with: gnuplot PATH/TO/load-latency.gp
here = (strlen(ARG0) > 0) ? system("dirname '".ARG0."'") : '.'
data = here.'/knee.csv'
set terminal pngcairo size 900,600 noenhanced
set output here.'/load-latency.png'
set datafile separator ','
set title 'one-way latency (from intended send time) vs offered rate'
set grid
set logscale xy
set xlabel 'offered msg/s per pair'
set ylabel 'one-way latency, µs'
set key top left
set arrow from graph 0, first 200.0 to graph 1, first 200.0 nohead dt 2
plot data using (strcol(1) eq 'unix' ? $2 : NaN):(strcol(1) eq 'unix' ? $4 : NaN) with linespoints lc 1 dt 3 title 'unix p50', \
     data using (strcol(1) eq 'unix' ? $2 : NaN):(strcol(1) eq 'unix' ? $5 : NaN) with linespoints lc 1 dt 1 title 'unix p99', \
     data using (strcol(1) eq 'unix' ? $2 : NaN):(strcol(1) eq 'unix' ? $6 : NaN) with linespoints lc 1 dt 2 title 'unix p99.9', \
     data using (strcol(1) eq 'tcp' ? $2 : NaN):(strcol(1) eq 'tcp' ? $4 : NaN) with linespoints lc 2 dt 3 title 'tcp p50', \
     data using (strcol(1) eq 'tcp' ? $2 : NaN):(strcol(1) eq 'tcp' ? $5 : NaN) with linespoints lc 2 dt 1 title 'tcp p99', \
     data using (strcol(1) eq 'tcp' ? $2 : NaN):(strcol(1) eq 'tcp' ? $6 : NaN) with linespoints lc 2 dt 2 title 'tcp p99.9', \
     data using (strcol(1) eq 'udp' ? $2 : NaN):(strcol(1) eq 'udp' ? $4 : NaN) with linespoints lc 3 dt 3 title 'udp p50', \
     data using (strcol(1) eq 'udp' ? $2 : NaN):(strcol(1) eq 'udp' ? $5 : NaN) with linespoints lc 3 dt 1 title 'udp p99', \
     data using (strcol(1) eq 'udp' ? $2 : NaN):(strcol(1) eq 'udp' ? $6 : NaN) with linespoints lc 3 dt 2 title 'udp p99.9'

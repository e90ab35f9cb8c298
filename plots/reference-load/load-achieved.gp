# sockbench load figure; render from any directory with: gnuplot PATH/TO/load-achieved.gp
here = (strlen(ARG0) > 0) ? system("dirname '".ARG0."'") : '.'
data = here.'/knee.csv'
set terminal pngcairo size 900,600 noenhanced
set output here.'/load-achieved.png'
set datafile separator ','
set title 'achieved vs offered rate'
set grid
set logscale xy
set xlabel 'offered msg/s per pair'
set ylabel 'achieved msg/s'
set key top left
plot x with lines dt 2 lc rgb 'gray' title 'offered', data using (strcol(1) eq 'unix' ? $3 : NaN):(strcol(1) eq 'unix' ? $4 : NaN) with points lc 1 pt 7 title 'unix', data using (strcol(1) eq 'tcp' ? $3 : NaN):(strcol(1) eq 'tcp' ? $4 : NaN) with points lc 2 pt 7 title 'tcp', data using (strcol(1) eq 'udp' ? $3 : NaN):(strcol(1) eq 'udp' ? $4 : NaN) with points lc 3 pt 7 title 'udp'

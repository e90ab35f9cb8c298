# sockbench load figure; render from any directory with: gnuplot PATH/TO/load-histograms.gp
here = (strlen(ARG0) > 0) ? system("dirname '".ARG0."'") : '.'
data = here.'/knee.csv'
set terminal pngcairo size 900,600 noenhanced
set output here.'/load-histograms.png'
set datafile separator ','
set title 'unix 640000 msg/s: intended vs actual send time'
set grid
set datafile separator whitespace
set logscale xy
set xlabel 'percentile (1/(1-p))'
set ylabel 'one-way latency, µs'
set key top left
plot here.'/../../results/reference-load/histograms/unix_stream_64B_snd_default_rcv_default_nodelay_na_blocking_cpu_split_pairs_1_rate_640000.owl.hgrm' using 4:1 with lines lw 2 title 'from intended send time', \
     here.'/../../results/reference-load/histograms/unix_stream_64B_snd_default_rcv_default_nodelay_na_blocking_cpu_split_pairs_1_rate_640000.owl-actual.hgrm' using 4:1 with lines lw 2 title 'from actual send time'

# sockbench load figure; render with: gnuplot load-histograms.gp
set terminal pngcairo size 900,600 noenhanced
set output 'load-histograms.png'
set datafile separator ','
set title 'unix 33600 msg/s: intended vs actual send time'
set grid
set datafile separator whitespace
set logscale xy
set xlabel 'percentile (1/(1-p))'
set ylabel 'one-way latency, µs'
set key top left
plot '/work/main/results/reference-load/histograms/unix_stream_64B_snd_default_rcv_default_nodelay_na_blocking_cpu_split_pairs_1_rate_33600.owl.hgrm' using 4:1 with lines lw 2 title 'from intended send time', \
     '/work/main/results/reference-load/histograms/unix_stream_64B_snd_default_rcv_default_nodelay_na_blocking_cpu_split_pairs_1_rate_33600.owl-actual.hgrm' using 4:1 with lines lw 2 title 'from actual send time'

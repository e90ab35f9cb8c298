# Figures for issue 15 from the committed reference runs (per-repetition points from measurements.csv):
#   gnuplot -e "root='results'" Benchmarks/plot-connections.gp
# writes results/reference-connections/plots/{rate,p99}-vs-connections.png,
# results/reference-connect/plots/connect-rate.png and results/reference-nagle-trap/plots/split-write-rtt.png.
if (!exists("root")) root = 'results'
set datafile separator ','
set terminal pngcairo size 900,560 noenhanced
set key outside right top
set grid ytics

conn = root.'/reference-connections/measurements.csv'
is(t) = (strcol('transport') eq t && strcol('status') eq 'ok')
system('mkdir -p '.root.'/reference-connections/plots '.root.'/reference-connect/plots '.root.'/reference-nagle-trap/plots')

set output root.'/reference-connections/plots/rate-vs-connections.png'
set title "Ping-pong msg/s against connections to one epoll server (64 B; each point one repetition)"
set logscale x
set xlabel 'connections'
set ylabel 'msg/s (2 per round trip), summed over client processes'
set yrange [0:*]
plot conn using (is('unix') ? column('connections') : NaN):'msg_per_s' with points pt 7 title 'unix', \
     conn using (is('tcp') ? column('connections') : NaN):'msg_per_s' with points pt 5 title 'tcp'

set output root.'/reference-connections/plots/p99-vs-connections.png'
set title "Round-trip p99 against connections to one epoll server (64 B; each point one repetition)"
set logscale y
set ylabel 'round-trip p99 (µs)'
set yrange [*:*]
plot conn using (is('unix') ? column('connections') : NaN):'rtt_p99_us' with points pt 7 title 'unix', \
     conn using (is('tcp') ? column('connections') : NaN):'rtt_p99_us' with points pt 5 title 'tcp'
unset logscale

crr = root.'/reference-connect/measurements.csv'
set output root.'/reference-connect/plots/connect-rate.png'
set title "A connection per request (connect, 64 B request, reply, close): transactions/s (each point one repetition)"
set xlabel ''
set ylabel 'transactions/s'
set xrange [-0.5:1.5]
set yrange [0:*]
set xtics ('unix' 0, 'tcp' 1)
plot crr using (is('unix') ? 0 : is('tcp') ? 1 : NaN):'msg_per_s' with points pt 7 ps 1.5 notitle

trap = root.'/reference-nagle-trap/measurements.csv'
set output root.'/reference-nagle-trap/plots/split-write-rtt.png'
set title "tcp ping-pong 64 B: round-trip p50, message written whole (1) or as header + body (2)"
set logscale y
set ylabel 'round-trip p50 (µs, log scale)'
set xrange [-0.5:3.5]
set yrange [*:*]
set xtics ('nodelay on, 1 write' 0, 'nodelay on, 2 writes' 1, 'nodelay off, 1 write' 2, 'nodelay off, 2 writes' 3)
plot trap using (strcol('status') eq 'ok' ? (strcol('nodelay') eq 'on' ? 0 : 2) + (column('writes') == 2 ? 1 : 0) : NaN):'rtt_p50_us' with points pt 7 ps 1.5 notitle

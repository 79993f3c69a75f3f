# SPDX-License-Identifier: GPL-2.0
# The benchmark chart: ours/upstream (ring rows: ours/byte-at-a-time) per
# metric, from scripts/bench/report.py's chart.dat ("LABEL RATIO" lines).
# gnuplot -e "datafile='chart.dat'; outfile='chart.png'" chart.gp
set terminal pngcairo size 1000,520 font ",10" noenhanced
set output outfile
set title "hvc_xen: ours / upstream (median of the runs; log scale; 1 = same)"
set style data histogram
set style fill solid 0.7 border -1
set boxwidth 0.7
set logscale y 10
set yrange [0.005:10]
set ylabel "ratio"
set grid ytics
set xtics rotate by -25 left
set key off
set arrow from graph 0, first 1 to graph 1, first 1 nohead dashtype 2 lw 2
plot datafile using 2:xtic(1) lc rgb "#3070b0", \
	'' using 0:2:(sprintf("%.2f", $2)) with labels offset 0,0.8

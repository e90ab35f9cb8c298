"""Shared by drift.sh and interleaved-pingpong.sh: how a series of per-slot log ratios (in time
order) spreads between blocks of consecutive slots, against the same slots shuffled."""
import random
import statistics


def trimmed(xs):
    """20% trimmed mean, as sockbench's TrimmedLogMean takes it (of logs: a trimmed geometric mean)."""
    xs = sorted(xs)
    g = int(0.2 * len(xs))
    kept = xs[g:len(xs) - g]
    return sum(kept) / len(kept)


def blocks(xs, size):
    """The trimmed mean of each block of `size` consecutive values (a partial last block is dropped)."""
    return [trimmed(xs[i:i + size]) for i in range(0, len(xs) - size + 1, size)]


def print_spread(logs, sizes, indent=""):
    """One line per block size: the standard deviation of the blocks' trimmed means, that of the same
    slots shuffled (mean of 30 shuffles, seed 1), and their ratio (1.0 = slots independent)."""
    random.seed(1)
    for size in sizes:
        observed = statistics.stdev(blocks(logs, size))
        shuffled = statistics.mean(statistics.stdev(blocks(random.sample(logs, len(logs)), size)) for _ in range(30))
        print(f"{indent}blocks of {size:3d} slots: spread of their log ratios {observed:.3f}, shuffled {shuffled:.3f}, x{observed / shuffled:.2f}")

// What the reference loops record, shared by loops.c and paced.c: HdrHistogram-layout counters,
// Payload's fill pattern, and SequenceTracker's accounting. Static inline, so each loop keeps the
// code in its own translation unit, as a hand-written C loop would.
#ifndef CSOCKBENCHLOOPS_RECORD_H
#define CSOCKBENCHLOOPS_RECORD_H

#include "CSockBenchLoops.h"
#include <string.h>

#define WINDOW_BITS 65536

/// HdrHistogram with unit magnitude 0 and 2048 sub-buckets (subBucketHalfCountMagnitude 10); -1 past the end.
static inline int histogram_index(uint64_t value) {
    int bucket = 53 - __builtin_clzll(value | 2047);
    int index = ((bucket + 1) << 10) + (int)(value >> bucket) - 1024;
    return index < CSBL_HISTOGRAM_LENGTH ? index : -1;
}

static inline void record_round_trip(csbl_loop *l, uint64_t value) {
    int index = histogram_index(value);
    if (index < 0) {
        l->out_of_range++;
        return;
    }
    l->counts[index]++;
    l->recorded++;
    if (value > l->max_ns) l->max_ns = value;
    if (value != 0 && (l->min_ns == 0 || value < l->min_ns)) l->min_ns = value;
}

static inline uint64_t read_sequence(const unsigned char *p) {
    uint64_t little;
    memcpy(&little, p, sizeof little);
    return little;
}

static inline uint64_t *seen_word(csbl_loop *l, uint64_t s, uint64_t *mask) {
    unsigned bit = (unsigned)(s & (WINDOW_BITS - 1));
    *mask = 1ull << (bit & 63);
    return &l->seen[bit >> 6];
}

/// SequenceTracker.record: distinct, reordered and duplicated numbers over a 64 Ki window.
static inline void record_sequence(csbl_loop *l, uint64_t s) {
    uint64_t mask;
    if (!l->sequence_started) {
        l->sequence_started = 1;
        l->first_sequence = l->highest_sequence = s;
        *seen_word(l, s, &mask) |= mask;
        l->unique_received = 1;
        return;
    }
    if (s < l->first_sequence) return;
    if (s > l->highest_sequence) {
        if (s - l->highest_sequence >= WINDOW_BITS) {
            memset(l->seen, 0, WINDOW_BITS / 8);
        } else {
            for (uint64_t old = l->highest_sequence + 1; old <= s; old++) *seen_word(l, old, &mask) &= ~mask;
        }
        l->highest_sequence = s;
        *seen_word(l, s, &mask) |= mask;
        l->unique_received++;
        return;
    }
    l->reordered++;
    if (l->highest_sequence - s >= WINDOW_BITS) return;
    uint64_t *word = seen_word(l, s, &mask);
    if (*word & mask) {
        l->duplicated++;
        l->reordered--;
    } else {
        *word |= mask;
        l->unique_received++;
    }
}

#endif

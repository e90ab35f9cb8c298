// The shm transport's ring in C: the same layout, the same memory ordering and the same waiting as
// SockBenchCore's SharedRing.swift (read its comment for why each fence is where it is). Included by
// io.h, whose send_all and receive_message come here when `ring_base` is set, so every C loop that
// runs over a socket runs over the ring unchanged.
#ifndef CSOCKBENCHLOOPS_RING_H
#define CSOCKBENCHLOOPS_RING_H

#include <linux/futex.h>
#include <string.h>
#include <sys/syscall.h>

/// One direction's control block (the layout is CSockBenchLoops.h's, shared with SharedRing.swift).
/// `direction * CSBL_RING_BLOCK_BYTES` stays int arithmetic: widened to size_t first, clang inlined
/// more of the ring into send_all and receive_message (307 instructions against 200), and the C
/// loops over a unix socket read 1-2 more per call (callgrind). As written, loops.c, paced.c and
/// connections.c compile to the same code as with the offsets this struct replaced.
static inline csbl_ring_control *ring_control(csbl_loop *l, int direction) {
    return (csbl_ring_control *)(l->ring_base + direction * CSBL_RING_BLOCK_BYTES);
}

static inline unsigned char *ring_data(csbl_loop *l, int direction) {
    return l->ring_base + CSBL_RING_CONTROL_BYTES + (size_t)direction * l->ring_capacity;
}

/// After publishing: the second fence of the Dekker pair, then wake the peer if it sleeps.
static inline int ring_wake(csbl_loop *l, uint32_t *flag, uint32_t *signal) {
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (__atomic_load_n(flag, __ATOMIC_RELAXED) != 0) {
        __atomic_fetch_add(signal, 1, __ATOMIC_RELEASE);
        if (syscall(SYS_futex, signal, FUTEX_WAKE, 1, NULL, NULL, 0) < 0) return fail(l, "futex", errno, "FUTEX_WAKE");
    }
    return 0;
}

/// One turn of a wait (SharedRing.sleepOrSpin): 1 to look again, 0 after the idle timeout, -1 on error.
/// `ready` is what the caller would see now; blocking mode announces itself first, then looks.
static inline int ring_wait_turn(csbl_loop *l, uint64_t *since, uint64_t *spins, uint32_t *flag, uint32_t *signal,
                                 uint32_t expected, int (*ready)(csbl_loop *, size_t), size_t n) {
    if (l->mode == CSBL_BUSY_POLL) {
        (*spins)++;
        if ((*spins & 4095) == 0) {
            uint64_t now = now_ns();
            if (*since == 0) *since = now;
            else if (now - *since > l->idle_timeout_ns) return 0;
        }
        return 1;
    }
    if (*since == 0) *since = now_ns();
    __atomic_store_n(flag, 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (ready(l, n)) {
        __atomic_store_n(flag, 0, __ATOMIC_RELAXED);
        return 1;
    }
    uint64_t elapsed = now_ns() - *since;
    if (elapsed >= l->idle_timeout_ns) {
        __atomic_store_n(flag, 0, __ATOMIC_RELAXED);
        return 0;
    }
    uint64_t left = l->idle_timeout_ns - elapsed;
    struct timespec timeout = {.tv_sec = (time_t)(left / 1000000000ull), .tv_nsec = (long)(left % 1000000000ull)};
    long r = syscall(SYS_futex, signal, FUTEX_WAIT, expected, &timeout, NULL, 0);
    int code = errno;
    __atomic_store_n(flag, 0, __ATOMIC_RELAXED);
    if (r < 0 && code != EAGAIN && code != EINTR && code != ETIMEDOUT) return fail(l, "futex", code, "FUTEX_WAIT");
    return 1;
}

static int ring_has_space(csbl_loop *l, size_t n) {
    uint64_t tail = __atomic_load_n(&ring_control(l, l->ring_output)->tail, __ATOMIC_ACQUIRE);
    return l->ring_head - tail <= l->ring_capacity - n;
}

static int ring_has_data(csbl_loop *l, size_t n) {
    int input = 1 - l->ring_output;
    uint64_t head = __atomic_load_n(&ring_control(l, input)->head, __ATOMIC_ACQUIRE);
    return head - l->ring_tail >= n || __atomic_load_n(&ring_control(l, input)->closed, __ATOMIC_ACQUIRE) != 0;
}

/// Copies one message of `n` bytes into the output ring and publishes it; 0, or -1 with the failure set.
static inline int ring_send(csbl_loop *l, const unsigned char *p, size_t n) {
    int out = l->ring_output;
    if (l->ring_head - l->ring_tail_seen + n > l->ring_capacity) {
        uint64_t since = 0, spins = 0;
        for (;;) {
            l->ring_tail_seen = __atomic_load_n(&ring_control(l, out)->tail, __ATOMIC_ACQUIRE);
            if (l->ring_head - l->ring_tail_seen <= l->ring_capacity - n) break;
            uint32_t *signal = &ring_control(l, out)->space_signal;
            uint32_t expected = __atomic_load_n(signal, __ATOMIC_ACQUIRE);
            int turn = ring_wait_turn(l, &since, &spins, &ring_control(l, out)->producer_waiting, signal, expected, ring_has_space, n);
            if (turn < 0) return -1;
            if (turn == 0) return fail(l, "ring", ETIMEDOUT, "peer took nothing within the idle timeout");
        }
    }
    unsigned char *data = ring_data(l, out);
    size_t offset = (size_t)l->ring_head & (l->ring_capacity - 1);
    size_t first = n < l->ring_capacity - offset ? n : l->ring_capacity - offset;
    memcpy(data + offset, p, first);
    if (first < n) memcpy(data, p + first, n - first);
    l->ring_head += n;
    __atomic_store_n(&ring_control(l, out)->head, l->ring_head, __ATOMIC_RELEASE);
    if (l->mode != CSBL_BUSY_POLL) return ring_wake(l, &ring_control(l, out)->consumer_waiting, &ring_control(l, out)->data_signal);
    return 0;
}

/// One message of `n` bytes from the input ring: n, 0 when the peer closed with none left,
/// TIMED_OUT, or -1 with the failure set.
static inline ssize_t ring_receive(csbl_loop *l, unsigned char *p, size_t n) {
    int in = 1 - l->ring_output;
    if (l->ring_head_seen - l->ring_tail < n) {
        uint64_t since = 0, spins = 0;
        for (;;) {
            l->ring_head_seen = __atomic_load_n(&ring_control(l, in)->head, __ATOMIC_ACQUIRE);
            if (l->ring_head_seen - l->ring_tail >= n) break;
            if (__atomic_load_n(&ring_control(l, in)->closed, __ATOMIC_ACQUIRE) != 0) {
                l->ring_head_seen = __atomic_load_n(&ring_control(l, in)->head, __ATOMIC_ACQUIRE);
                if (l->ring_head_seen - l->ring_tail >= n) break;
                if (l->ring_head_seen == l->ring_tail) return 0;
                return fail(l, "ring", ECONNRESET, "peer closed inside a message");
            }
            uint32_t *signal = &ring_control(l, in)->data_signal;
            uint32_t expected = __atomic_load_n(signal, __ATOMIC_ACQUIRE);
            int turn = ring_wait_turn(l, &since, &spins, &ring_control(l, in)->consumer_waiting, signal, expected, ring_has_data, n);
            if (turn < 0) return -1;
            if (turn == 0) return TIMED_OUT;
        }
    }
    unsigned char *data = ring_data(l, in);
    size_t offset = (size_t)l->ring_tail & (l->ring_capacity - 1);
    size_t first = n < l->ring_capacity - offset ? n : l->ring_capacity - offset;
    memcpy(p, data + offset, first);
    if (first < n) memcpy(p + first, data, n - first);
    l->ring_tail += n;
    __atomic_store_n(&ring_control(l, in)->tail, l->ring_tail, __ATOMIC_RELEASE);
    if (l->mode != CSBL_BUSY_POLL && ring_wake(l, &ring_control(l, in)->producer_waiting, &ring_control(l, in)->space_signal) != 0) return -1;
    return (ssize_t)n;
}

#endif

// Non-blocking-aware send and receive for the reference loops: one syscall in the common case, and
// on EAGAIN the same wait as SockBenchCore's Channel (poll, epoll_wait, spin, or give up when a
// blocking socket's timeout expired). Static inline so the loops stay one translation unit's code.
#ifndef CSOCKBENCHLOOPS_IO_H
#define CSOCKBENCHLOOPS_IO_H

#include "CSockBenchLoops.h"
#include "CSockBench.h"
#include <errno.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>

#include <unistd.h>

#define TIMED_OUT (-2)

static inline uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

/// The measured extent from `start` (the twin of SockBenchCore's MeasuringWindow): a deadline for a
/// duration, a number of messages for a count; the other bound is open.
typedef struct {
    uint64_t start;
    uint64_t deadline;
    int64_t limit;
} measuring_window;

static inline measuring_window window_from(const csbl_loop *l, uint64_t start) {
    measuring_window w = {start, l->count > 0 ? UINT64_MAX : start + l->duration_ns, l->count > 0 ? l->count : INT64_MAX};
    return w;
}

static inline void fill_payload(unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++) p[i] = (unsigned char)i;  // message 0 of Payload's pattern
}

static inline int fail(csbl_loop *l, const char *call, int code, const char *reason) {
    l->failed_call = call;
    l->failed_errno = code;
    l->failed_reason = reason;
    return -1;
}

/// 1 when the socket may be ready, 0 after the idle timeout, -1 on error (Channel.wait).
static inline int wait_ready(csbl_loop *l, int output) {
    switch (l->mode) {
    case CSBL_NONBLOCKING: {
        struct pollfd p = {.fd = output && l->pipe ? l->write_fd : l->fd, .events = output ? POLLOUT : POLLIN};
        for (;;) {
            int n = poll(&p, 1, l->idle_timeout_ms);
            if (n >= 0) return n > 0;
            if (errno != EINTR) return fail(l, "poll", errno, NULL);
        }
    }
    case CSBL_EPOLL:
    case CSBL_EPOLL_ET: {
        if (l->pipe) {
            // Two descriptors, two epoll instances: no epoll_ctl when the direction changes.
            struct epoll_event event;
            for (;;) {
                int n = epoll_wait(output ? l->epoll_out_fd : l->epoll_fd, &event, 1, l->idle_timeout_ms);
                if (n >= 0) return n > 0;
                if (errno != EINTR) return fail(l, "epoll_wait", errno, NULL);
            }
        }
        if (output != l->epoll_wants_output) {
            uint32_t edge = l->mode == CSBL_EPOLL_ET ? EPOLLET : 0;
            struct epoll_event change = {.events = (output ? EPOLLOUT : EPOLLIN) | edge, .data.fd = l->fd};
            if (epoll_ctl(l->epoll_fd, EPOLL_CTL_MOD, l->fd, &change) != 0) return fail(l, "epoll_ctl", errno, NULL);
            l->epoll_wants_output = output;
        }
        struct epoll_event event;
        for (;;) {
            int n = epoll_wait(l->epoll_fd, &event, 1, l->idle_timeout_ms);
            if (n >= 0) return n > 0;
            if (errno != EINTR) return fail(l, "epoll_wait", errno, NULL);
        }
    }
    case CSBL_BUSY_POLL:
        // Spin; read the clock only every 4096 turns.
        l->spins++;
        if (l->spins == 1) {
            l->spinning_since = now_ns();
        } else if ((l->spins & 4095) == 0 && now_ns() - l->spinning_since > l->idle_timeout_ns) {
            l->spins = 0;
            return 0;
        }
        return 1;
    default:
        // Blocking: EAGAIN means SO_RCVTIMEO/SO_SNDTIMEO expired.
        return 0;
    }
}

#include "ring.h"

// The per-message helpers below are always inlined into the loops, and everything but the syscall
// and its success test lives out of line (`SLOW_PATH`): io_uring, the shm ring, EINTR, EAGAIN's wait
// and the failures. Left to clang's judgement, send_all, receive_message and receive_some stayed
// calls once the io_uring and ring branches made them larger (callgrind: 20-30 instructions per
// message more than when they were inlined; docs/findings/2026-12-03-instructions-after-restructure.md).
// `direct` (a constant in each copy of a loop) says the caller checked `is_direct`: a socket, no
// io_uring, no shm ring, so those branches fold away, as `direct: true` does in Channel.swift.
#define HOT_PATH static inline __attribute__((always_inline))
#define SLOW_PATH static __attribute__((noinline, cold))

static inline int is_direct(const csbl_loop *l) { return !l->uring && !l->ring_base && !l->pipe; }

SLOW_PATH ssize_t send_through_uring(csbl_loop *l, const unsigned char *p, size_t n) {
    long r = csb_uring_transfer(l->uring, l->pipe ? CSB_URING_WRITE : CSB_URING_SEND, l->pipe ? l->write_fd : l->fd, (void *)p, n, 0, (long long)l->idle_timeout_ns);
    if (r >= 0) return r;
    if (errno == ETIME) return fail(l, "send", ETIMEDOUT, "peer took nothing within the idle timeout");
    return fail(l, l->pipe ? "io_uring write" : "io_uring send", errno, NULL);
}

/// One send(2), or write(2) on a pipe.
HOT_PATH ssize_t send_call(csbl_loop *l, int direct, const unsigned char *p, size_t n) {
    return !direct && l->pipe ? write(l->write_fd, p, n) : send(l->fd, p, n, MSG_NOSIGNAL);
}

/// A send whose first try returned -1 (errno says why): again after EINTR, after the mode's wait on
/// EAGAIN, else the failure.
SLOW_PATH ssize_t send_again(csbl_loop *l, const unsigned char *p, size_t n) {
    for (;;) {
        if (errno != EINTR) {
            if (errno != EAGAIN && errno != EWOULDBLOCK) return fail(l, l->pipe ? "write" : "send", errno, NULL);
            int ready = wait_ready(l, 1);
            if (ready < 0) return -1;
            if (ready == 0) return fail(l, "send", ETIMEDOUT, "peer took nothing within the idle timeout");
        }
        ssize_t r = send_call(l, 0, p, n);
        if (r >= 0) {
            l->spins = 0;
            return r;
        }
    }
}

HOT_PATH ssize_t send_some(csbl_loop *l, int direct, const unsigned char *p, size_t n) {
    if (!direct && l->uring) return send_through_uring(l, p, n);
    ssize_t r = send_call(l, direct, p, n);
    if (r >= 0) {
        l->spins = 0;
        return r;
    }
    return send_again(l, p, n);
}

SLOW_PATH int send_through_ring(csbl_loop *l, const unsigned char *p, size_t n) { return ring_send(l, p, n); }

HOT_PATH int send_all(csbl_loop *l, int direct, const unsigned char *p, size_t n) {
    if (!direct && l->ring_base) return send_through_ring(l, p, n);
    size_t offset = 0;
    do {
        ssize_t sent = send_some(l, direct, p + offset, n - offset);
        if (sent < 0) return -1;
        offset += (size_t)sent;
    } while (offset < n);
    return 0;
}

SLOW_PATH ssize_t receive_through_uring(csbl_loop *l, unsigned char *p, size_t capacity) {
    long r = csb_uring_transfer(l->uring, l->pipe ? CSB_URING_READ : CSB_URING_RECV, l->fd, p, capacity, 0, (long long)l->idle_timeout_ns);
    if (r >= 0) return r;
    if (errno == ETIME) return TIMED_OUT;
    return fail(l, l->pipe ? "io_uring read" : "io_uring recv", errno, NULL);
}

/// One recv(2), or read(2) on a pipe.
HOT_PATH ssize_t receive_call(csbl_loop *l, int direct, unsigned char *p, size_t capacity) {
    return !direct && l->pipe ? read(l->fd, p, capacity) : recv(l->fd, p, capacity, 0);
}

/// A receive whose first try returned -1 (errno says why): again after EINTR, after the mode's wait
/// on EAGAIN, TIMED_OUT when the wait gave up, else the failure.
SLOW_PATH ssize_t receive_again(csbl_loop *l, unsigned char *p, size_t capacity) {
    for (;;) {
        if (errno != EINTR) {
            if (errno != EAGAIN && errno != EWOULDBLOCK) return fail(l, l->pipe ? "read" : "recv", errno, NULL);
            int ready = wait_ready(l, 0);
            if (ready < 0) return -1;
            if (ready == 0) return TIMED_OUT;
        }
        ssize_t r = receive_call(l, 0, p, capacity);
        if (r >= 0) {
            l->spins = 0;
            return r;
        }
    }
}

/// Bytes received (> 0), 0 at the end of the run, TIMED_OUT, or -1 on error.
HOT_PATH ssize_t receive_some(csbl_loop *l, int direct, unsigned char *p, size_t capacity) {
    if (!direct && l->uring) return receive_through_uring(l, p, capacity);
    ssize_t r = receive_call(l, direct, p, capacity);
    if (r >= 0) {
        l->spins = 0;
        return r;
    }
    return receive_again(l, p, capacity);
}

SLOW_PATH ssize_t receive_through_ring(csbl_loop *l, unsigned char *p, size_t n) { return ring_receive(l, p, n); }

/// One whole message: reassembled on byte streams, one datagram or record otherwise.
HOT_PATH ssize_t receive_message(csbl_loop *l, int direct, unsigned char *p, size_t n) {
    if (!direct && l->ring_base) return receive_through_ring(l, p, n);
    if (!l->byte_stream) return receive_some(l, direct, p, n);
    size_t offset = 0;
    while (offset < n) {
        ssize_t r = receive_some(l, direct, p + offset, n - offset);
        if (r > 0) {
            offset += (size_t)r;
        } else if (r < 0 && r != TIMED_OUT) {
            return -1;
        } else if (offset == 0) {
            return r;
        } else {
            return fail(l, "recv", r == 0 ? ECONNRESET : ETIMEDOUT, "peer closed or stalled inside a message");
        }
    }
    return (ssize_t)n;
}

#endif

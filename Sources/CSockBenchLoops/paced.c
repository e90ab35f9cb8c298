// The plain-C reference loops of the paced patterns: a paced stream (PacedStream.swift) and the
// open-loop request/response client (OpenLoopRR.swift). Keep them equivalent to those files: the same
// schedule (slot i due at start + i * 10^9 / rate, never skipping a slot), the same sleep-then-spin
// wait (CSBL_PACER_SPIN_NS), the same header and the same clock reads.
#define _GNU_SOURCE
#include "io.h"
#include "record.h"

/// Slot `index`'s offset from slot 0 (ns); split so index * 10^9 cannot overflow within any run length.
static inline uint64_t slot_offset(uint64_t rate, uint64_t index) {
    uint64_t whole = index / rate, rest = index % rate;
    return whole * 1000000000ull + rest * 1000000000ull / rate;
}

/// When slot `index` is due.
static inline uint64_t slot(const csbl_loop *l, uint64_t index) { return l->schedule_start + slot_offset(l->rate, index); }

static void sleep_until(uint64_t deadline) {
    struct timespec t = {.tv_sec = (time_t)(deadline / 1000000000ull), .tv_nsec = (long)(deadline % 1000000000ull)};
    // clock_nanosleep returns its error instead of setting errno; EINTR only means sleep again.
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR) {}
}

/// Pacer.wait: returns once `due` has come, at once when it already has.
static inline void wait_until(uint64_t due) {
    uint64_t now = now_ns();
    if (now >= due) return;
    // Sleep until CSBL_PACER_SPIN_NS before the slot, spin the rest (the Swift Pacer's margin).
    if (due - now > CSBL_PACER_SPIN_NS) {
        sleep_until(due - CSBL_PACER_SPIN_NS);
        now = now_ns();
    }
    while (now < due) now = now_ns();
}

/// PacedHeader: sequence, intended and actual send time, each 8 bytes little-endian (x86-64 and
/// arm64 are little-endian).
static inline void write_header(unsigned char *p, uint64_t sequence, uint64_t intended, uint64_t actual) {
    memcpy(p, &sequence, 8);
    memcpy(p + 8, &intended, 8);
    memcpy(p + 16, &actual, 8);
}

static inline uint64_t header_field(const unsigned char *p, int offset) {
    uint64_t value;
    memcpy(&value, p + offset, 8);
    return value;
}

/// The `actual_counts` twin of record_round_trip; like the Swift loops, only the times from the
/// intended send time count their out-of-range values.
static inline void record_actual(csbl_loop *l, uint64_t value) {
    int index = histogram_index(value);
    if (index < 0) return;
    l->actual_counts[index]++;
    if (value > l->actual_max_ns) l->actual_max_ns = value;
    if (value != 0 && (l->actual_min_ns == 0 || value < l->actual_min_ns)) l->actual_min_ns = value;
}

/* Paced stream sender. */

/// Sends slot `sequence` once it is due, if the clock is still before `limit` (the end of the
/// phase): 1 sent (`now` is the actual send time), 0 not sent, -1 on error.
static inline int send_slot(csbl_loop *l, uint64_t due, uint64_t limit) {
    wait_until(due);
    uint64_t now = now_ns();
    if (now >= limit) return 0;
    l->now = now;
    write_header(l->buffer, l->sequence, due, now);
    return send_all(l, 0, l->buffer, l->size) == 0 ? 1 : -1;
}

int csbl_paced_sender_warmup(csbl_loop *l) {
    fill_payload(l->buffer, l->size);
    l->schedule_start = now_ns();
    l->measured_from = l->schedule_start + l->warmup_ns;
    l->sequence = 0;
    l->now = 0;
    uint64_t due = slot(l, 0);
    // Each phase ends at its slot or on the clock, whichever comes first: a sender that cannot keep
    // up must not stretch the run (the unsent backlog shows as achieved < offered). A message
    // belongs to the phase its actual send time falls in, as the receiver reads it.
    while (due < l->measured_from) {
        int sent = send_slot(l, due, l->measured_from);
        if (sent < 0) return -1;
        if (sent == 0) break;
        l->sequence++;
        due = slot(l, l->sequence);
    }
    return 0;
}

int csbl_paced_sender_measure(csbl_loop *l) {
    uint64_t due = slot(l, l->sequence);
    measuring_window w = window_from(l, l->measured_from);
    int64_t messages = 0;
    while (messages < w.limit && due < w.deadline) {
        int sent = send_slot(l, due, w.deadline);
        if (sent < 0) return -1;
        if (sent == 0) break;
        l->sequence++;
        messages++;
        due = slot(l, l->sequence);
    }
    uint64_t end = now_ns();
    l->elapsed_ns = end > l->measured_from ? end - l->measured_from : 0;
    l->messages = messages;
    return 0;
}

/* Paced stream receiver. */

/// One message: 1 received (at `now`), 0 at the end of the run, -1 on error.
static inline int receive_paced(csbl_loop *l) {
    ssize_t r = receive_message(l, 0, l->buffer, l->size);
    if (r == (ssize_t)l->size) {
        l->now = now_ns();
        return 1;
    }
    if (r == 0) return 0;
    if (r == -1) return -1;
    if (r == TIMED_OUT) {
        // Datagrams: the end markers may all have been dropped; the silence ends the run.
        if (l->datagram && l->measuring) return 0;
        return fail(l, "recv", ETIMEDOUT, "sender stalled during the run");
    }
    return fail(l, "recv", EMSGSIZE, "message of the wrong size");
}

int csbl_paced_receiver_warmup(csbl_loop *l) {
    l->measured_from = UINT64_MAX;
    for (;;) {
        int r = receive_paced(l);
        if (r < 0) return -1;
        if (r == 0) {
            l->ended = 1;
            return 0;
        }
        // The sender's warmup ended `warmup` after slot 0, recovered from any message (a datagram
        // may be lost); a message is measured by its actual send time.
        if (l->measured_from == UINT64_MAX) {
            uint64_t start = header_field(l->buffer, 8) - slot_offset(l->rate, header_field(l->buffer, 0));
            l->measured_from = start + l->warmup_ns;
        }
        if (header_field(l->buffer, 16) >= l->measured_from) break;
    }
    l->measuring = 1;
    return 0;
}

int csbl_paced_receiver_measure(csbl_loop *l) {
    if (l->ended) return 0;
    int64_t messages = 0;
    uint64_t last = 0;
    int r = 1;  // the first measured message is waiting in the buffer
    do {
        uint64_t actual = header_field(l->buffer, 16);
        if (actual < l->measured_from) continue;
        uint64_t intended = header_field(l->buffer, 8);
        record_round_trip(l, l->now > intended ? l->now - intended : 0);
        record_actual(l, l->now > actual ? l->now - actual : 0);
        last = l->now;
        messages++;
        if (l->datagram) record_sequence(l, header_field(l->buffer, 0));
    } while ((r = receive_paced(l)) > 0);
    if (r < 0) return -1;
    l->elapsed_ns = last > l->measured_from ? last - l->measured_from : 0;
    l->messages = messages;
    return 0;
}

/* Open-loop request/response client. */

static inline int poll_once(csbl_loop *l, short events, int timeout_ms) {
    struct pollfd p = {.fd = l->fd, .events = events};
    while (poll(&p, 1, timeout_ms) < 0) {
        if (errno != EINTR) return fail(l, "poll", errno, NULL);
    }
    return 0;
}

/// Takes every reply that has arrived, without blocking: 1 if any byte came, 0 if none, -1 on error.
static inline int take_replies(csbl_loop *l) {
    int progressed = 0;
    for (;;) {
        ssize_t r = recv(l->fd, l->echo + l->reply_offset, l->size - l->reply_offset, MSG_DONTWAIT);
        if (r < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return progressed;
            return fail(l, "recv", errno, NULL);
        }
        if (r == 0) return fail(l, "recv", ECONNRESET, "server closed during the run");
        progressed = 1;
        l->reply_offset += (size_t)r;
        if (l->reply_offset < l->size) continue;
        l->reply_offset = 0;
        uint64_t now = now_ns();
        l->replies++;
        uint64_t sent = header_field(l->echo, 16);
        if (sent < l->measured_from) continue;  // measured by actual send time, as the stream
        uint64_t due = header_field(l->echo, 8);
        record_round_trip(l, now > due ? now - due : 0);
        record_actual(l, now > sent ? now - sent : 0);
        l->messages++;
        l->last_ns = now;
    }
}

/// Sends one whole request; while the socket is full, takes replies so the server can go on.
static inline int send_request(csbl_loop *l) {
    size_t sent = 0;
    while (sent < l->size) {
        ssize_t r = send(l->fd, l->buffer + sent, l->size - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (r >= 0) {
            sent += (size_t)r;
            continue;
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return fail(l, "send", errno, NULL);
        int took = take_replies(l);
        if (took < 0) return -1;
        if (took == 0 && poll_once(l, POLLIN | POLLOUT, 10) != 0) return -1;
    }
    return 0;
}

/// The sending loop of OpenLoopRR.runClient. With `warmup`, returns when the first measured request
/// (one sent at or after `measured_from`) is due, before sending it, so the caller can read CPU usage there.
static int rr_send(csbl_loop *l, int warmup) {
    measuring_window w = window_from(l, l->measured_from);
    uint64_t due = slot(l, l->sequence);
    while (due < w.deadline && l->measured_sent < w.limit) {
        uint64_t now = now_ns();
        if (now >= w.deadline) break;  // behind schedule at the end: the backlog shows as a shortfall
        if (now >= due) {
            if (now >= l->measured_from) {
                if (warmup) return 0;
                l->measured_sent++;
            }
            write_header(l->buffer, l->sequence, due, now);
            if (send_request(l) != 0) return -1;
            l->sequence++;
            due = slot(l, l->sequence);
            continue;
        }
        int took = take_replies(l);
        if (took < 0) return -1;
        if (took) continue;
        uint64_t wait = due - now;
        if (wait > 2000000 && poll_once(l, POLLIN, (int)((wait - 1000000) / 1000000)) != 0) return -1;
    }
    return 0;
}

int csbl_rr_client_warmup(csbl_loop *l) {
    l->schedule_start = now_ns();
    l->measured_from = l->schedule_start + l->warmup_ns;
    l->sequence = 0;
    fill_payload(l->buffer, l->size);
    return rr_send(l, 1);
}

int csbl_rr_client_measure(csbl_loop *l) {
    if (rr_send(l, 0) != 0) return -1;
    // Collect the outstanding replies; a lost datagram must not hold the run past the idle timeout.
    uint64_t last_progress = now_ns();
    uint64_t patience = l->idle_timeout_ns < 1000000000ull ? l->idle_timeout_ns : 1000000000ull;
    while (l->replies < l->sequence) {
        int took = take_replies(l);
        if (took < 0) return -1;
        if (took) {
            last_progress = now_ns();
            continue;
        }
        if (now_ns() - last_progress > patience) break;
        if (poll_once(l, POLLIN, 10) != 0) return -1;
    }
    l->elapsed_ns = l->last_ns > l->measured_from ? l->last_ns - l->measured_from : 0;
    return 0;
}

// The plain-C reference loops: what a careful C programmer would write, with no abstraction, so the
// Swift loops' overhead can be measured against them. Keep them equivalent to PingPong.swift and
// Stream.swift (same syscalls, same clock reads, same framing); see CSockBenchLoops.h.
#define _GNU_SOURCE
#include "io.h"
#include "record.h"

int csbl_histogram_index_of(uint64_t value) { return histogram_index(value); }

uint64_t csbl_histogram_value_at(int index) {
    int bucket = (index >> 10) - 1;
    int sub = (index & 1023) + 1024;
    if (bucket < 0) {
        sub -= 1024;
        bucket = 0;
    }
    return (uint64_t)sub << bucket;
}

HOT_PATH int exchange(csbl_loop *l, int direct) {
    if (send_all(l, direct, l->buffer, l->size) != 0) return -1;
    ssize_t r = receive_message(l, direct, l->echo, l->size);
    if (r == (ssize_t)l->size) return 0;
    if (r == -1) return -1;
    if (r == 0) return fail(l, "recv", ECONNRESET, "server closed during the run");
    if (r == TIMED_OUT) return fail(l, "recv", ETIMEDOUT, "no echo (a lost datagram or a stalled server)");
    return fail(l, "recv", EMSGSIZE, "echo of the wrong size");
}

/// Sends (`step`) message after message, each with the next sequence number, until the warmup ends.
static inline int warm_up(csbl_loop *l, int (*step)(csbl_loop *)) {
    fill_payload(l->buffer, l->size);
    uint64_t end = now_ns() + l->warmup_ns;
    while (now_ns() < end) {
        if (step(l) != 0) return -1;
        l->sequence++;
    }
    return 0;
}

static int exchange_any(csbl_loop *l) { return exchange(l, 0); }

int csbl_pingpong_client_warmup(csbl_loop *l) { return warm_up(l, exchange_any); }

// Each measured loop has a copy for a socket (`direct`, see io.h) and one for the other channels.
HOT_PATH int pingpong_client_measure(csbl_loop *l, int direct) {
    measuring_window w = window_from(l, now_ns());
    uint64_t end = w.start;
    int64_t round_trips = 0;
    while (round_trips < w.limit && end < w.deadline) {
        uint64_t sent = now_ns();
        if (exchange(l, direct) != 0) return -1;
        end = now_ns();
        record_round_trip(l, end - sent);
        l->sequence++;
        round_trips++;
    }
    l->elapsed_ns = end - w.start;
    l->messages = round_trips;
    return 0;
}

int csbl_pingpong_client_measure(csbl_loop *l) { return is_direct(l) ? pingpong_client_measure(l, 1) : pingpong_client_measure(l, 0); }

HOT_PATH int echo_server(csbl_loop *l, int direct) {
    uint64_t start = now_ns();
    int64_t messages = 0;
    for (;;) {
        ssize_t r = receive_message(l, direct, l->buffer, l->size);
        if (r > 0) {
            if (send_all(l, direct, l->buffer, (size_t)r) != 0) return -1;
            messages++;
        } else if (r == 0) {
            break;
        } else if (r == TIMED_OUT) {
            return fail(l, "recv", ETIMEDOUT, "client silent during the run");
        } else {
            return -1;
        }
    }
    l->elapsed_ns = now_ns() - start;
    l->messages = messages;
    return 0;
}

int csbl_echo_server(csbl_loop *l) { return is_direct(l) ? echo_server(l, 1) : echo_server(l, 0); }

HOT_PATH int send_one(csbl_loop *l, int direct) {
    if (l->datagram) {
        uint64_t little = l->sequence;  // x86-64 and arm64 are little-endian
        memcpy(l->buffer, &little, sizeof little);
    }
    return send_all(l, direct, l->buffer, l->size);
}

static int send_one_any(csbl_loop *l) { return send_one(l, 0); }

int csbl_stream_sender_warmup(csbl_loop *l) { return warm_up(l, send_one_any); }

HOT_PATH int stream_sender_measure(csbl_loop *l, int direct) {
    uint64_t start = now_ns(), end = start;
    int64_t messages = 0;
    if (l->count > 0) {
        while (messages < l->count) {
            if (send_one(l, direct) != 0) return -1;
            l->sequence++;
            messages++;
        }
        end = now_ns();
    } else {
        uint64_t deadline = start + l->duration_ns;
        while (end < deadline) {
            if (send_one(l, direct) != 0) return -1;
            l->sequence++;
            messages++;
            end = now_ns();
        }
    }
    l->elapsed_ns = end - start;
    l->messages = messages;
    return 0;
}

int csbl_stream_sender_measure(csbl_loop *l) { return is_direct(l) ? stream_sender_measure(l, 1) : stream_sender_measure(l, 0); }

int csbl_stream_receiver_warmup(csbl_loop *l) {
    uint64_t phase_end = UINT64_MAX, now = 0;
    while (now < phase_end) {
        ssize_t r = receive_message(l, 0, l->buffer, l->size);
        if (r == -1) return -1;
        if (r == 0) return fail(l, "recv", ECONNRESET, "sender ended before the warmup did");
        if (r == TIMED_OUT) return fail(l, "recv", ETIMEDOUT, "no message from the sender");
        if (r != (ssize_t)l->size) return fail(l, "recv", EMSGSIZE, "message of the wrong size");
        now = now_ns();
        if (phase_end == UINT64_MAX) phase_end = now + l->warmup_ns;
    }
    l->now = now;
    return 0;
}

HOT_PATH int stream_receiver_measure(csbl_loop *l, int direct) {
    uint64_t start = l->now, last = start;
    int64_t messages = 0;
    if (l->datagram) record_sequence(l, read_sequence(l->buffer));
    for (;;) {
        ssize_t r = receive_message(l, direct, l->buffer, l->size);
        if (r == 0) break;
        if (r == -1) return -1;
        if (r == TIMED_OUT) {
            // Datagrams: the end marker may have been dropped; the silence ends the run.
            if (l->datagram) break;
            return fail(l, "recv", ETIMEDOUT, "sender stalled during the run");
        }
        if (r != (ssize_t)l->size) return fail(l, "recv", EMSGSIZE, "message of the wrong size");
        last = now_ns();
        messages++;
        if (l->datagram) record_sequence(l, read_sequence(l->buffer));
    }
    l->elapsed_ns = last - start;
    l->messages = messages;
    return 0;
}

int csbl_stream_receiver_measure(csbl_loop *l) { return is_direct(l) ? stream_receiver_measure(l, 1) : stream_receiver_measure(l, 0); }

// The plain-C reference loops of `--pattern connect` (ConnectLoop.swift). Keep them equivalent to that
// file: same syscalls in the same order, same clock reads, same counting and the same end-of-run
// handshake, so `sockbench calibrate` compares only the loops. See CSockBenchLoops.h.
#define _GNU_SOURCE
#include "sockets.h"

/// One transaction on a new socket: options, timeouts, connect, request, whole reply, close. Sets
/// `*connect_ns` to how long connect() took.
static int transaction(csbl_loop *l, uint64_t *connect_ns) {
    int fd = new_socket(l);
    if (fd < 0) return -1;
    if (l->send_buffer_bytes > 0 && set_int_option(l, fd, SOL_SOCKET, SO_SNDBUF, l->send_buffer_bytes) != 0) return close_and_fail(fd);
    if (l->receive_buffer_bytes > 0 && set_int_option(l, fd, SOL_SOCKET, SO_RCVBUF, l->receive_buffer_bytes) != 0) return close_and_fail(fd);
    if (l->no_delay >= 0 && set_int_option(l, fd, IPPROTO_TCP, TCP_NODELAY, l->no_delay) != 0) return close_and_fail(fd);
    if (set_timeout_option(l, fd, SO_RCVTIMEO, l->socket_timeout_ns) != 0) return close_and_fail(fd);
    if (set_timeout_option(l, fd, SO_SNDTIMEO, l->socket_timeout_ns) != 0) return close_and_fail(fd);
    uint64_t before = now_ns();
    if (connect_to_server(l, fd) != 0) return close_and_fail(fd);
    uint64_t connected = now_ns();
    l->fd = fd;
    if (send_all(l, 0, l->buffer, l->size) != 0) return close_and_fail(fd);
    ssize_t r = receive_message(l, 0, l->echo, l->size);
    close(fd);
    l->fd = -1;
    if (r == -1) return -1;
    if (r == TIMED_OUT) return fail(l, "recv", ETIMEDOUT, "stall: nothing arrived within SO_RCVTIMEO");
    if (r != (ssize_t)l->size) return fail(l, "recv", ECONNRESET, "server closed before its reply");
    *connect_ns = connected - before;
    return 0;
}

int csbl_connect_client_warmup(csbl_loop *l) {
    fill_payload(l->buffer, l->size);
    uint64_t end = now_ns() + l->warmup_ns;
    uint64_t connect_ns;
    while (now_ns() < end) {
        if (transaction(l, &connect_ns) != 0) return -1;
        l->transactions_done++;
    }
    return 0;
}

int csbl_connect_client_measure(csbl_loop *l) {
    measuring_window w = window_from(l, now_ns());
    uint64_t end = w.start;
    int64_t count = 0;
    int64_t connect_out_of_range = 0;
    while (count < w.limit && end < w.deadline) {
        uint64_t began = now_ns(), connect_ns;
        if (transaction(l, &connect_ns) != 0) return -1;
        end = now_ns();
        record_value(l->counts, &l->min_ns, &l->max_ns, &l->out_of_range, end - began);
        record_value(l->connect_counts, &l->connect_min_ns, &l->connect_max_ns, &connect_out_of_range, connect_ns);
        count++;
        l->transactions_done++;
    }
    l->recorded = (uint64_t)(count - l->out_of_range);
    l->elapsed_ns = end - w.start;
    l->messages = count;
    return 0;
}

int csbl_connect_client_end(csbl_loop *l) {
    // A connection that closes without a request: the server's signal to stop.
    int fd = new_socket(l);
    if (fd < 0) return -1;
    if (set_timeout_option(l, fd, SO_RCVTIMEO, l->socket_timeout_ns) != 0) return close_and_fail(fd);
    if (set_timeout_option(l, fd, SO_SNDTIMEO, l->socket_timeout_ns) != 0) return close_and_fail(fd);
    if (connect_to_server(l, fd) != 0) return close_and_fail(fd);
    close(fd);
    return 0;
}

/// Socket.accept(timeoutNanoseconds:): poll the listener, then accept4 with SOCK_CLOEXEC.
static int accept_one(csbl_loop *l) {
    struct pollfd p = {.fd = l->listener, .events = POLLIN};
    int ready;
    do ready = poll(&p, 1, l->idle_timeout_ms);
    while (ready < 0 && errno == EINTR);
    if (ready < 0) return fail(l, "poll", errno, NULL);
    int fd = -1;
    if (ready > 0) {
        do fd = accept4(l->listener, NULL, NULL, SOCK_CLOEXEC);
        while (fd < 0 && errno == EINTR);
        if (fd < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return fail(l, "accept", errno, NULL);
    }
    if (fd < 0) return fail(l, "accept", ETIMEDOUT, "no connection within the idle timeout");
    return fd;
}

int csbl_connect_server(csbl_loop *l) {
    int64_t served = 0;
    uint64_t start = now_ns();
    for (;;) {
        int fd = accept_one(l);
        if (fd < 0) return -1;
        if (set_timeout_option(l, fd, SO_RCVTIMEO, l->socket_timeout_ns) != 0) return close_and_fail(fd);
        if (set_timeout_option(l, fd, SO_SNDTIMEO, l->socket_timeout_ns) != 0) return close_and_fail(fd);
        l->fd = fd;
        ssize_t r = receive_message(l, 0, l->buffer, l->size);
        if (r == 0) {
            close(fd);
            break;
        }
        if (r == -1) return close_and_fail(fd);
        if (r == TIMED_OUT) {
            close(fd);
            return fail(l, "recv", ETIMEDOUT, "stall: nothing arrived within SO_RCVTIMEO");
        }
        if (r != (ssize_t)l->size) {
            close(fd);
            return fail(l, "recv", ECONNRESET, "client closed inside a request");
        }
        if (send_all(l, 0, l->buffer, l->size) != 0) return close_and_fail(fd);
        // Wait for the client's close (EOF), so the client holds TIME_WAIT, as in TCP_CRR.
        r = receive_some(l, 0, l->buffer, 1);
        close(fd);
        if (r == -1) return -1;
        if (r == TIMED_OUT) return fail(l, "recv", ETIMEDOUT, "stall: nothing arrived within SO_RCVTIMEO");
        served++;
    }
    l->fd = -1;
    l->elapsed_ns = now_ns() - start;
    l->messages = served;
    return 0;
}

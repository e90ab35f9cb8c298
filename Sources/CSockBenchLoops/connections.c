// The plain-C reference loops of `--connections` (EpollServer.swift, DatagramServer.swift,
// EpollClients.swift) and the threads that run them (ConnectionThreads.swift, WorkerThreads.swift).
// Keep them equivalent to those files: same syscalls in the same order, same clock reads, same
// counting and the same end-of-run handshake, so `sockbench calibrate` compares only the loops.
#define _GNU_SOURCE
#include "sockets.h"

/// The listener's epoll token; a server connection's is its index (high 32 bits) and descriptor (low 32).
#define LISTENER_TOKEN UINT64_MAX
#define EPOLL_BATCH 256

/// One whole message on a non-blocking socket (EpollServer.sendWhole): with one message in flight
/// per connection the send buffer is empty, so "would block" means the peer stopped reading.
static int send_whole(csbl_loop *l, int fd, const unsigned char *p, size_t n) {
    size_t offset = 0;
    while (offset < n) {
        ssize_t sent = send(fd, p + offset, n - offset, MSG_NOSIGNAL);
        if (sent >= 0) {
            offset += (size_t)sent;
            continue;
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return fail(l, "send", errno, NULL);
        struct pollfd w = {.fd = fd, .events = POLLOUT};
        int ready;
        do ready = poll(&w, 1, 1000);
        while (ready < 0 && errno == EINTR);
        if (ready < 0) return fail(l, "poll", errno, NULL);
        if (ready == 0) return fail(l, "send", ETIMEDOUT, "stall: the peer took nothing for 1 s");
    }
    return 0;
}

/// Bytes received, 0 at end of stream, TIMED_OUT for "would block", -1 on error.
static inline ssize_t receive_now(csbl_loop *l, int fd, unsigned char *p, size_t n) {
    for (;;) {
        ssize_t r = recv(fd, p, n, 0);
        if (r >= 0) return r;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return TIMED_OUT;
        return fail(l, "recv", errno, NULL);
    }
}

static inline int wait_events(csbl_loop *l, int epfd, struct epoll_event *events) {
    for (;;) {
        int n = epoll_wait(epfd, events, EPOLL_BATCH, l->idle_timeout_ms);
        if (n >= 0) return n;
        if (errno != EINTR) return fail(l, "epoll_wait", errno, NULL);
    }
}

static int epoll_add(csbl_loop *l, int epfd, int fd, uint64_t token) {
    struct epoll_event event = {.events = EPOLLIN | (l->edge_triggered ? EPOLLET : 0), .data.u64 = token};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event) != 0) return fail(l, "epoll_ctl", errno, NULL);
    return 0;
}

/// The per-connection state of both epoll loops, allocated before the first message.
typedef struct {
    int epfd;
    int *fds;
    size_t *pending;
    uint64_t *sent_at;
    struct epoll_event *events;
} connection_table;

static int table_open(csbl_loop *l, connection_table *t, int with_times) {
    size_t n = (size_t)l->connections;
    t->fds = malloc(n * sizeof *t->fds);
    t->pending = calloc(n, sizeof *t->pending);
    t->sent_at = with_times ? calloc(n, sizeof *t->sent_at) : NULL;
    t->events = malloc(EPOLL_BATCH * sizeof *t->events);
    t->epfd = -1;
    if (!t->fds || !t->pending || (with_times && !t->sent_at) || !t->events) return fail(l, "malloc", ENOMEM, NULL);
    for (size_t i = 0; i < n; i++) t->fds[i] = -1;
    t->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (t->epfd < 0) return fail(l, "epoll_create1", errno, NULL);
    return 0;
}

static int table_close(connection_table *t, int status, int connections) {
    if (t->fds) {
        for (int i = 0; i < connections; i++) {
            if (t->fds[i] >= 0) close(t->fds[i]);
        }
    }
    if (t->epfd >= 0) close(t->epfd);
    free(t->fds);
    free(t->pending);
    free(t->sent_at);
    free(t->events);
    return status;
}

static int epoll_serve(csbl_loop *l, connection_table *t) {
    const int total = l->connections;
    const size_t size = l->size;
    if (set_non_blocking(l, l->listener) != 0) return -1;
    if (epoll_add(l, t->epfd, l->listener, LISTENER_TOKEN) != 0) return -1;
    int accepted = 0, closed = 0;
    int64_t messages = 0;
    uint64_t start = now_ns();
    while (closed < total) {
        int ready = wait_events(l, t->epfd, t->events);
        if (ready < 0) return -1;
        if (ready == 0) return fail(l, "epoll_wait", ETIMEDOUT, "stall: no connection ready within the idle timeout");
        for (int i = 0; i < ready; i++) {
            uint64_t token = t->events[i].data.u64;
            if (token == LISTENER_TOKEN) {
                while (accepted < total) {
                    int fd = accept4(l->listener, NULL, NULL, SOCK_CLOEXEC);
                    if (fd < 0) {
                        if (errno == EINTR) continue;
                        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
                        return fail(l, "accept", errno, NULL);
                    }
                    t->fds[accepted] = fd;
                    if (set_non_blocking(l, fd) != 0) return -1;
                    if (epoll_add(l, t->epfd, fd, (uint64_t)accepted) != 0) return -1;
                    accepted++;
                }
                continue;
            }
            int connection = (int)token;
            // Edge-triggered: an event is the only news of what arrived, so read until EAGAIN;
            // level-triggered: one recv per event (one request in flight per connection).
            do {
                int fd = t->fds[connection];
                if (fd < 0) break;
                ssize_t r = receive_now(l, fd, l->buffer, size - t->pending[connection]);
                if (r == TIMED_OUT) break;
                if (r < 0) return -1;
                if (r == 0) {
                    close(fd);  // close removes it from the epoll set
                    t->fds[connection] = -1;
                    closed++;
                    break;
                }
                t->pending[connection] += (size_t)r;
                if (!l->byte_stream || t->pending[connection] == size) {
                    t->pending[connection] = 0;
                    if (send_whole(l, fd, l->buffer, size) != 0) return -1;
                    messages++;
                }
            } while (l->edge_triggered);
        }
    }
    l->elapsed_ns = now_ns() - start;
    l->messages = messages;
    return 0;
}

int csbl_epoll_server(csbl_loop *l) {
    connection_table t = {0};
    int status = table_open(l, &t, 0);
    if (status == 0) status = epoll_serve(l, &t);
    return table_close(&t, status, l->connections);
}

static void thread_usage(struct rusage *usage) {
    if (getrusage(RUSAGE_THREAD, usage) != 0) memset(usage, 0, sizeof *usage);
}

static inline long long microseconds(struct timeval t) { return (long long)t.tv_sec * 1000000LL + t.tv_usec; }

/// The thread's CPU usage since `start`, into the loop's results (CPUUsage.current() - cpuStart).
static void store_usage_since(csbl_loop *l, const struct rusage *start) {
    struct rusage now;
    thread_usage(&now);
    l->cpu_user_us = microseconds(now.ru_utime) - microseconds(start->ru_utime);
    l->cpu_system_us = microseconds(now.ru_stime) - microseconds(start->ru_stime);
    l->cpu_voluntary = now.ru_nvcsw - start->ru_nvcsw;
    l->cpu_involuntary = now.ru_nivcsw - start->ru_nivcsw;
}

static int epoll_drive(csbl_loop *l, connection_table *t) {
    const int count = l->connections;
    const size_t size = l->size;
    for (int c = 0; c < count; c++) {
        int fd = new_socket(l);
        if (fd < 0) return -1;
        t->fds[c] = fd;
        if (l->no_delay >= 0 && set_int_option(l, fd, IPPROTO_TCP, TCP_NODELAY, l->no_delay) != 0) return -1;
        // A blocking connect, bounded: the server accepts from its own loop meanwhile.
        if (set_timeout_option(l, fd, SO_SNDTIMEO, l->idle_timeout_ns) != 0) return -1;
        if (connect_to_server(l, fd) != 0) return -1;
        if (set_non_blocking(l, fd) != 0) return -1;
        if (epoll_add(l, t->epfd, fd, (uint64_t)c) != 0) return -1;
    }
    fill_payload(l->buffer, size);

    uint64_t warmup_end = now_ns() + l->warmup_ns;
    int measuring = l->warmup_ns == 0;
    struct rusage cpu_start;
    thread_usage(&cpu_start);
    measuring_window w = window_from(l, now_ns());
    uint64_t end = w.start;
    for (int c = 0; c < count; c++) {
        t->sent_at[c] = now_ns();
        if (send_whole(l, t->fds[c], l->buffer, size) != 0) return -1;
    }
    int in_flight = count, stopping = 0;
    int64_t measured = 0;
    while (in_flight > 0) {
        int ready = wait_events(l, t->epfd, t->events);
        if (ready < 0) return -1;
        if (ready == 0) return fail(l, "epoll_wait", ETIMEDOUT, "stall: no echo on any connection within the idle timeout");
        for (int i = 0; i < ready; i++) {
            int connection = (int)t->events[i].data.u64;
            int fd = t->fds[connection];
            ssize_t r = receive_now(l, fd, l->echo, size - t->pending[connection]);
            if (r == TIMED_OUT) continue;
            if (r < 0) return -1;
            if (r == 0) return fail(l, "recv", ECONNRESET, "the server closed a connection during the run");
            t->pending[connection] += (size_t)r;
            if (l->byte_stream && t->pending[connection] != size) continue;
            t->pending[connection] = 0;
            uint64_t now = now_ns();
            if (measuring && !stopping) {
                record_value(l->counts, &l->min_ns, &l->max_ns, &l->out_of_range, now - t->sent_at[connection]);
                l->connection_round_trips[connection]++;
                measured++;
                end = now;
                if (measured >= w.limit || now >= w.deadline) stopping = 1;
            } else if (!measuring && now >= warmup_end) {
                measuring = 1;
                thread_usage(&cpu_start);
                w = window_from(l, now);
            }
            if (stopping) {
                in_flight--;
            } else {
                t->sent_at[connection] = now;
                if (send_whole(l, fd, l->buffer, size) != 0) return -1;
            }
        }
    }
    store_usage_since(l, &cpu_start);
    l->recorded = (uint64_t)(measured - l->out_of_range);
    l->elapsed_ns = end - w.start;
    l->messages = measured;
    return 0;
}

int csbl_epoll_clients(csbl_loop *l) {
    connection_table t = {0};
    int status = table_open(l, &t, 1);
    if (status == 0) status = epoll_drive(l, &t);
    // Closing every connection ends the server.
    return table_close(&t, status, l->connections);
}

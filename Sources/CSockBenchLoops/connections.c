// The plain-C reference loops of `--connections` (EpollServer.swift, DatagramServer.swift,
// EpollClients.swift) and the threads that run them (ConnectionThreads.swift, WorkerThreads.swift).
// Keep them equivalent to those files: same syscalls in the same order, same clock reads, same
// counting and the same end-of-run handshake, so `sockbench calibrate` compares only the loops.
#define _GNU_SOURCE
#include "sockets.h"
#include <pthread.h>

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

static inline int wait_events(csbl_loop *l, int epfd, struct epoll_event *events, int timeout_ms) {
    for (;;) {
        int n = epoll_wait(epfd, events, EPOLL_BATCH, timeout_ms);
        if (n >= 0) return n;
        if (errno != EINTR) return fail(l, "epoll_wait", errno, NULL);
    }
}

static int epoll_add(csbl_loop *l, int epfd, int fd, uint64_t token) {
    struct epoll_event event = {.events = EPOLLIN | (l->edge_triggered ? EPOLLET : 0), .data.u64 = token};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event) != 0) return fail(l, "epoll_ctl", errno, NULL);
    return 0;
}

/// 1 when `fd` is ready for `events` within `timeout_ms`, 0 when not, -1 on error (Sys.pollOne).
static int poll_one(csbl_loop *l, int fd, short events, int timeout_ms) {
    struct pollfd p = {.fd = fd, .events = events};
    for (;;) {
        int n = poll(&p, 1, timeout_ms);
        if (n >= 0) return n > 0;
        if (errno != EINTR) return fail(l, "poll", errno, NULL);
    }
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

static inline int min_int(int a, int b) { return a < b ? a : b; }

/* ---- servers ---- */

/// What the threads of one server share (ServerThreadsState): touched per connection (accept,
/// close) and per idle wait, never per message. `accepted` and `ended` are atomics (__atomic).
typedef struct {
    int total;
    int threads;
    /// AF_UNIX: thread 0's listener hands connection i to thread i mod T.
    int round_robin;
    /// Every thread's epoll descriptor, by thread; NULL for datagrams.
    const int *epolls;
    /// Each accepted descriptor by connection index, -1 once closed: what an error leaves open.
    int *open;
    int64_t accepted;
    int64_t ended;
} server_shared;

static inline int64_t ended_count(server_shared *s) { return __atomic_load_n(&s->ended, __ATOMIC_ACQUIRE); }

/// EchoTally: requests answered, the first echo and the last end, CPU from when it is made.
typedef struct {
    int64_t messages;
    uint64_t first_echo;
    uint64_t last_end;
    struct rusage cpu_start;
} echo_tally;

static void tally_start(echo_tally *t) {
    memset(t, 0, sizeof *t);
    thread_usage(&t->cpu_start);
}

static inline void tally_echoed(echo_tally *t) {
    if (t->messages == 0) t->first_echo = now_ns();
    t->messages++;
}

/// A connection (or a client socket's end datagram) ended, here and for every thread.
static void tally_ended(echo_tally *t, server_shared *s) {
    __atomic_fetch_add(&s->ended, 1, __ATOMIC_RELEASE);
    t->last_end = now_ns();
}

/// The thread's tally into its loop: the interval runs from the first echo to the last end (or now).
static void tally_store(csbl_loop *l, const echo_tally *t) {
    uint64_t end = t->last_end > t->first_echo ? t->last_end : now_ns();
    l->messages = t->messages;
    l->elapsed_ns = t->messages > 0 ? end - t->first_echo : 0;
    store_usage_since(l, &t->cpu_start);
}

/// EpollServer.acceptAll: every pending connection, registered with this thread's epoll set or,
/// round-robin, with connection i's thread's.
static int accept_all(csbl_loop *l, server_shared *s, int thread) {
    for (;;) {
        int fd = accept4(l->listener, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
            return fail(l, "accept", errno, NULL);
        }
        int64_t index = __atomic_fetch_add(&s->accepted, 1, __ATOMIC_RELAXED);
        if (index >= s->total) {
            close(fd);
            return fail(l, "accept", ECONNREFUSED, "a connection beyond the number expected");
        }
        __atomic_store_n(&s->open[index], fd, __ATOMIC_RELAXED);
        if (set_non_blocking(l, fd) != 0) return -1;
        int owner = s->round_robin ? (int)(index % s->threads) : thread;
        if (epoll_add(l, s->epolls[owner], fd, (uint64_t)index << 32 | (uint32_t)fd) != 0) return -1;
    }
}

/// EpollServer.serve: one thread's loop, until the connections closed on every thread reach the total.
static int epoll_serve(csbl_loop *l, server_shared *s, int thread, size_t *pending, struct epoll_event *events) {
    const int64_t total = s->total;
    const size_t size = l->size;
    const int timeout_ms = l->idle_timeout_ms;
    // Several threads: wake up now and then to see whether the others ended the run.
    const int slice = s->threads > 1 ? min_int(timeout_ms, 20) : timeout_ms;
    const int epfd = s->epolls[thread];
    if (l->listener >= 0 && epoll_add(l, epfd, l->listener, LISTENER_TOKEN) != 0) return -1;
    int idle = 0;
    echo_tally tally;
    tally_start(&tally);
    while (ended_count(s) < total) {
        int ready = wait_events(l, epfd, events, slice);
        if (ready < 0) return -1;
        if (ready == 0) {
            if (ended_count(s) >= total) break;
            idle += slice;
            // A thread that has served nothing may have no connection at all (SO_REUSEPORT's hash
            // gave it none): it waits for the others to end the run, not for its own traffic.
            if (idle < timeout_ms || (s->threads > 1 && tally.messages == 0)) continue;
            return fail(l, "epoll_wait", ETIMEDOUT, "stall: no connection ready within the idle timeout");
        }
        idle = 0;
        for (int i = 0; i < ready; i++) {
            uint64_t token = events[i].data.u64;
            if (token == LISTENER_TOKEN) {
                if (accept_all(l, s, thread) != 0) return -1;
                continue;
            }
            int connection = (int)(token >> 32);
            int fd = (int)(uint32_t)token;
            // Edge-triggered: an event is the only news of what arrived, so read until EAGAIN;
            // level-triggered: one recv per event (one request in flight per connection).
            do {
                ssize_t r = receive_now(l, fd, l->buffer, size - pending[connection]);
                if (r == TIMED_OUT) break;
                if (r < 0) return -1;
                if (r == 0) {
                    __atomic_store_n(&s->open[connection], -1, __ATOMIC_RELAXED);
                    close(fd);  // close removes it from the epoll set
                    tally_ended(&tally, s);
                    break;
                }
                pending[connection] += (size_t)r;
                if (!l->byte_stream || pending[connection] == size) {
                    pending[connection] = 0;
                    if (send_whole(l, fd, l->buffer, size) != 0) return -1;
                    tally_echoed(&tally);
                }
            } while (l->edge_triggered);
        }
    }
    tally_store(l, &tally);
    return 0;
}

static int epoll_serve_thread(csbl_loop *l, server_shared *s, int thread) {
    // Everything per connection is allocated here, before the first message.
    size_t *pending = calloc((size_t)s->total, sizeof *pending);
    struct epoll_event *events = malloc(EPOLL_BATCH * sizeof *events);
    int status = pending && events ? epoll_serve(l, s, thread, pending, events) : fail(l, "malloc", ENOMEM, NULL);
    free(pending);
    free(events);
    return status;
}

/// DatagramServer.reply: 1 when the echo went, 0 when it could not (a full queue, or a client socket
/// that already gave up and went away: a lost datagram, which its client counts), -1 on error.
static inline int reply_to(csbl_loop *l, const struct sockaddr_storage *peer, socklen_t length, size_t n) {
    for (;;) {
        ssize_t sent = sendto(l->fd, l->buffer, n, MSG_NOSIGNAL, (const struct sockaddr *)peer, length);
        if (sent >= 0) return 1;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ECONNREFUSED || errno == ENOENT) return 0;
        return fail(l, "sendto", errno, NULL);
    }
}

/// DatagramServer.serve: one thread on its own socket `l->fd`, replying to each request's source,
/// until every client socket's end datagram arrived on some thread, or one idle timeout after the
/// first of them (UDP may drop the others).
static int datagram_serve(csbl_loop *l, server_shared *s, int thread) {
    (void)thread;
    const int64_t total = s->total;
    const int idle_ms = l->idle_timeout_ms;
    // Clients give up on a lost echo after one idle timeout and then end; before the first end
    // datagram the server waits twice that, so a client's give-up is not mistaken for a stall.
    const int stall_ms = idle_ms > INT32_MAX / 2 ? INT32_MAX : idle_ms * 2;
    const int slice = s->threads > 1 ? min_int(idle_ms, 20) : INT32_MAX;
    struct sockaddr_storage peer;
    int waited = 0;
    echo_tally tally;
    tally_start(&tally);
    while (ended_count(s) < total) {
        socklen_t length = sizeof peer;
        ssize_t r = recvfrom(l->fd, l->buffer, l->size, 0, (struct sockaddr *)&peer, &length);
        if (r < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) return fail(l, "recvfrom", errno, NULL);
            int64_t ended = ended_count(s);
            if (ended >= total) break;
            int limit = ended > 0 ? idle_ms : stall_ms;
            int wait = min_int(slice, limit - waited > 1 ? limit - waited : 1);
            int ready = poll_one(l, l->fd, POLLIN, wait);
            if (ready < 0) return -1;
            if (ready) continue;
            waited += wait;
            if (waited < limit) continue;
            if (ended > 0) break;  // the other end datagrams were lost
            // A thread that has served nothing may have no client socket at all (SO_REUSEPORT's
            // hash gave it none): it waits for the others' end datagrams, not for its own traffic.
            if (s->threads > 1 && tally.messages == 0) {
                waited = 0;
                continue;
            }
            return fail(l, "poll", ETIMEDOUT, "stall: no datagram from any client socket for twice the idle timeout");
        }
        waited = 0;
        if (r == 0) {
            tally_ended(&tally, s);
            continue;
        }
        int sent = reply_to(l, &peer, length, (size_t)r);
        if (sent < 0) return -1;
        if (sent) tally_echoed(&tally);
    }
    tally_store(l, &tally);
    return 0;
}

/* ---- clients ---- */

/// The per-connection state of a client thread's epoll loop, allocated before the first message.
typedef struct {
    int epfd;
    int *fds;
    size_t *pending;
    uint64_t *sent_at;
    struct epoll_event *events;
} connection_table;

static int table_open(csbl_loop *l, connection_table *t) {
    size_t n = (size_t)l->connections;
    t->fds = malloc(n * sizeof *t->fds);
    t->pending = calloc(n, sizeof *t->pending);
    t->sent_at = calloc(n, sizeof *t->sent_at);
    t->events = malloc(EPOLL_BATCH * sizeof *t->events);
    t->epfd = -1;
    if (!t->fds || !t->pending || !t->sent_at || !t->events) return fail(l, "malloc", ENOMEM, NULL);
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
        int ready = wait_events(l, t->epfd, t->events, l->idle_timeout_ms);
        if (ready < 0) return -1;
        if (ready == 0 && l->datagram && stopping) break;  // the echoes still in flight (or their requests) were dropped
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
    l->lost = in_flight;
    return 0;
}

/// EpollClients.run: one client thread's connections, driven until its share is measured; a
/// datagram socket then sends the zero-length end datagram, a connection closes (both end the server).
static int epoll_clients_thread(csbl_loop *l, server_shared *unused, int thread) {
    (void)unused;
    (void)thread;
    connection_table t = {0};
    int status = table_open(l, &t);
    if (status == 0) status = epoll_drive(l, &t);
    if (status == 0 && l->datagram) {
        // The end of the run, once per socket; a lost one costs the server an idle timeout.
        for (int c = 0; c < l->connections; c++) (void)send(t.fds[c], l->buffer, 0, MSG_NOSIGNAL);
    }
    return table_close(&t, status, l->connections);
}

/* ---- threads ---- */

typedef int (*thread_body)(csbl_loop *, server_shared *, int);

/// What thread `thread` runs: `body` on its loop, pinned to the loop's core first.
typedef struct {
    csbl_loop *loop;
    server_shared *shared;
    int thread;
    thread_body body;
} thread_start;

static void *thread_main(void *raw) {
    thread_start *start = raw;
    csbl_loop *l = start->loop;
    if (l->core >= 0 && csb_pin_to_cpu(l->core) != 0) {
        fail(l, "sched_setaffinity", errno, NULL);
        return NULL;
    }
    start->body(l, start->shared, start->thread);
    return NULL;
}

/// WorkerThreads.run: `body` on `count` threads, thread t on `loops[t]`, every thread joined before
/// this returns; -1 when any loop failed (each holds its own failure). One unpinned thread runs on
/// the caller, as the single-threaded C loops always did.
static int run_threads(csbl_loop *loops, int count, server_shared *shared, thread_body body) {
    thread_start *starts = malloc((size_t)count * sizeof *starts);
    pthread_t *threads = malloc((size_t)count * sizeof *threads);
    int started = 0, status = 0;
    if (!starts || !threads) {
        status = fail(&loops[0], "malloc", ENOMEM, NULL);
        count = 0;
    }
    for (int t = 0; t < count; t++) starts[t] = (thread_start){&loops[t], shared, t, body};
    if (count == 1 && loops[0].core < 0) {
        thread_main(&starts[0]);
        count = 0;
    }
    for (; started < count; started++) {
        int code = pthread_create(&threads[started], NULL, thread_main, &starts[started]);
        if (code != 0) {
            status = fail(&loops[started], "pthread_create", code, NULL);
            break;
        }
    }
    for (int t = 0; t < started; t++) pthread_join(threads[t], NULL);
    free(starts);
    free(threads);
    return status;
}

static int any_failed(const csbl_loop *loops, int count, int status) {
    for (int t = 0; t < count; t++) {
        if (loops[t].failed_call) return -1;
    }
    return status;
}

int csbl_server_threads(csbl_loop *loops, int threads, const int *epolls, int round_robin) {
    server_shared s = {.total = loops[0].connections, .threads = threads, .round_robin = round_robin, .epolls = epolls};
    s.open = malloc((size_t)s.total * sizeof *s.open);
    if (!s.open) return fail(&loops[0], "malloc", ENOMEM, NULL);
    for (int i = 0; i < s.total; i++) s.open[i] = -1;
    int status = run_threads(loops, threads, &s, epolls ? epoll_serve_thread : datagram_serve);
    // What an error left open (ServerThreadsState.closeLeftovers), after every thread has ended.
    for (int i = 0; i < s.total; i++) {
        if (s.open[i] >= 0) close(s.open[i]);
    }
    free(s.open);
    return any_failed(loops, threads, status);
}

int csbl_client_threads(csbl_loop *loops, int threads) {
    return any_failed(loops, threads, run_threads(loops, threads, NULL, epoll_clients_thread));
}


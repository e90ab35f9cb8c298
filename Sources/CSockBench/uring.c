// io_uring through the kernel's own interface (<linux/io_uring.h>, io_uring_setup/enter, the rings
// mapped with mmap): no liburing, so a fresh machine builds with nothing more than the compiler.
// One operation is in flight at a time: submit it, wait for its completion, return its result.
#define _GNU_SOURCE
#include "CSockBench.h"
#include <linux/io_uring.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

struct csb_uring {
    int fd;
    int sqpoll;
    unsigned sq_mask, cq_mask;
    _Atomic unsigned *sq_head, *sq_tail, *sq_flags;
    unsigned *sq_array;
    _Atomic unsigned *cq_head, *cq_tail;
    struct io_uring_sqe *sqes;
    struct io_uring_cqe *cqes;
    void *rings;
    size_t rings_bytes;
    size_t sqes_bytes;
    /// The SQPOLL kernel thread's CPU clock (CLOCK_THREAD_CPUTIME of its tid), or 0.
    clockid_t sqpoll_clock;
    /// Completions taken from the CQ, by user_data (OPERATION, CANCELLATION): whether one came, its result.
    int completed[3];
    int result[3];
};

enum { OPERATION = 1, CANCELLATION = 2 };

/// The SQPOLL thread of this process's live SQPOLL ring, whose CPU time csb_thread_usage adds to the
/// calling thread's: the kernel thread works for that thread alone (one ring per worker at a time).
static _Atomic clockid_t csb_sqpoll_clock_now;

long long csb_uring_sqpoll_cpu_ns(void) {
    clockid_t clock = atomic_load_explicit(&csb_sqpoll_clock_now, memory_order_relaxed);
    if (clock == 0) return 0;
    struct timespec t;
    if (clock_gettime(clock, &t) != 0) return 0;
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int ring_setup(unsigned entries, struct io_uring_params *p) {
    return (int)syscall(__NR_io_uring_setup, entries, p);
}

static int ring_enter(int fd, unsigned submit, unsigned wait, unsigned flags, void *arg, size_t arg_size) {
    return (int)syscall(__NR_io_uring_enter, fd, submit, wait, flags, arg, arg_size);
}

/// The tid of the ring's SQPOLL thread, from /proc/self/fdinfo ("SqThread:"), or 0. The kernel
/// prints -1 there when it cannot take the ring's lock at that moment (the new thread may hold it
/// while it starts), so a few reads 1 ms apart, at set-up only.
static pid_t sqpoll_thread(int ring_fd) {
    char path[64], text[4096];
    snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", ring_fd);
    for (int attempt = 0; attempt < 200; attempt++) {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) return 0;
        ssize_t n = read(fd, text, sizeof(text) - 1);
        close(fd);
        if (n <= 0) return 0;
        text[n] = 0;
        const char *line = strstr(text, "SqThread:");
        if (!line) return 0;
        pid_t tid = (pid_t)atoi(line + strlen("SqThread:"));
        if (tid > 0) return tid;
        struct timespec pause = {0, 1000000};
        nanosleep(&pause, NULL);
    }
    return 0;
}

csb_uring *csb_uring_create(unsigned entries, int sqpoll) {
    struct io_uring_params p;
    memset(&p, 0, sizeof(p));
    if (sqpoll) {
        p.flags |= IORING_SETUP_SQPOLL;
        p.sq_thread_idle = 1000;  // ms the thread polls an empty queue before it sleeps (the kernel's default)
    }
    int fd = ring_setup(entries, &p);
    if (fd < 0) return NULL;
    // The wait with a timeout needs IORING_ENTER_EXT_ARG (5.11); one mapping for both rings (5.4).
    if (!(p.features & IORING_FEAT_EXT_ARG) || !(p.features & IORING_FEAT_SINGLE_MMAP)) {
        close(fd);
        errno = ENOSYS;
        return NULL;
    }
    csb_uring *r = calloc(1, sizeof(*r));
    if (!r) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    r->fd = fd;
    r->sqpoll = sqpoll;
    size_t sq_bytes = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    size_t cq_bytes = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    r->rings_bytes = sq_bytes > cq_bytes ? sq_bytes : cq_bytes;
    r->rings = mmap(NULL, r->rings_bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQ_RING);
    if (r->rings == MAP_FAILED) goto failed;
    r->sqes_bytes = p.sq_entries * sizeof(struct io_uring_sqe);
    r->sqes = mmap(NULL, r->sqes_bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
    if (r->sqes == MAP_FAILED) {
        int code = errno;
        munmap(r->rings, r->rings_bytes);
        errno = code;
        goto failed;
    }
    char *base = r->rings;
    r->sq_head = (void *)(base + p.sq_off.head);
    r->sq_tail = (void *)(base + p.sq_off.tail);
    r->sq_flags = (void *)(base + p.sq_off.flags);
    r->sq_mask = *(unsigned *)(base + p.sq_off.ring_mask);
    r->sq_array = (void *)(base + p.sq_off.array);
    r->cq_head = (void *)(base + p.cq_off.head);
    r->cq_tail = (void *)(base + p.cq_off.tail);
    r->cq_mask = *(unsigned *)(base + p.cq_off.ring_mask);
    r->cqes = (void *)(base + p.cq_off.cqes);
    if (sqpoll) {
        pid_t tid = sqpoll_thread(fd);
        // CPUCLOCK_PERTHREAD | CPUCLOCK_SCHED of the tid: readable because the kernel thread is a
        // thread of this process (create_io_thread, CLONE_THREAD).
        if (tid > 0) r->sqpoll_clock = (clockid_t)(((unsigned)~tid) << 3) | 6;
        atomic_store(&csb_sqpoll_clock_now, r->sqpoll_clock);
    }
    return r;
failed: {
        int code = errno;
        close(fd);
        free(r);
        errno = code;
        return NULL;
    }
}

void csb_uring_destroy(csb_uring *r) {
    if (!r) return;
    if (r->sqpoll_clock != 0) {
        clockid_t expected = r->sqpoll_clock;
        atomic_compare_exchange_strong(&csb_sqpoll_clock_now, &expected, 0);
    }
    munmap(r->sqes, r->sqes_bytes);
    munmap(r->rings, r->rings_bytes);
    close(r->fd);
    free(r);
}

/// Queues one SQE (the caller has checked there is room: at most two are ever in flight).
static struct io_uring_sqe *next_sqe(csb_uring *r) {
    unsigned tail = atomic_load_explicit(r->sq_tail, memory_order_relaxed);
    unsigned index = tail & r->sq_mask;
    struct io_uring_sqe *sqe = &r->sqes[index];
    memset(sqe, 0, sizeof(*sqe));
    r->sq_array[index] = index;
    return sqe;
}

static void publish(csb_uring *r) {
    unsigned tail = atomic_load_explicit(r->sq_tail, memory_order_relaxed);
    atomic_store_explicit(r->sq_tail, tail + 1, memory_order_release);
}

/// Takes every completion the CQ holds into `completed`/`result`; 1 when `user_data`'s has come
/// (its result in `res`, and it is forgotten), else 0.
static int reap(csb_uring *r, uint64_t user_data, int *res) {
    unsigned head = atomic_load_explicit(r->cq_head, memory_order_relaxed);
    unsigned tail = atomic_load_explicit(r->cq_tail, memory_order_acquire);
    if (head != tail) {
        for (; head != tail; head++) {
            struct io_uring_cqe *cqe = &r->cqes[head & r->cq_mask];
            if (cqe->user_data <= CANCELLATION) {
                r->completed[cqe->user_data] = 1;
                r->result[cqe->user_data] = cqe->res;
            }
        }
        atomic_store_explicit(r->cq_head, head, memory_order_release);
    }
    if (!r->completed[user_data]) return 0;
    r->completed[user_data] = 0;
    *res = r->result[user_data];
    return 1;
}

/// Submits what is queued (SQPOLL: wakes the thread if it sleeps) and waits for a completion of
/// `user_data` at most `timeout_ns` (0: forever). 1 with `res`, 0 on timeout, -1 with errno.
static int submit_and_wait(csb_uring *r, unsigned queued, uint64_t user_data, long long timeout_ns, int *res) {
    unsigned flags = IORING_ENTER_GETEVENTS;
    unsigned submit = queued;
    if (r->sqpoll) {
        submit = 0;
        // The tail store above must be visible before the flag is read (the kernel's side of the
        // same handshake sets the flag, then re-reads the tail).
        atomic_thread_fence(memory_order_seq_cst);
        if (atomic_load_explicit(r->sq_flags, memory_order_relaxed) & IORING_SQ_NEED_WAKEUP) flags |= IORING_ENTER_SQ_WAKEUP;
    }
    struct __kernel_timespec ts = {.tv_sec = timeout_ns / 1000000000LL, .tv_nsec = timeout_ns % 1000000000LL};
    struct io_uring_getevents_arg arg = {.ts = timeout_ns > 0 ? (uint64_t)(uintptr_t)&ts : 0};
    for (;;) {
        if (reap(r, user_data, res)) return 1;
        int n = ring_enter(r->fd, submit, 1, flags | IORING_ENTER_EXT_ARG, &arg, sizeof(arg));
        if (n >= 0) {
            // Submitted once; what follows only waits.
            submit = 0;
            flags &= ~IORING_ENTER_SQ_WAKEUP;
            if (reap(r, user_data, res)) return 1;
            continue;
        }
        if (errno == EINTR || errno == EBUSY) {
            submit = 0;
            continue;
        }
        if (errno == ETIME) return reap(r, user_data, res);
        return -1;
    }
}

long csb_uring_transfer(csb_uring *r, int operation, int fd, void *buffer, size_t length, int flags, long long timeout_ns) {
    struct io_uring_sqe *sqe = next_sqe(r);
    switch (operation) {
    case CSB_URING_SEND: sqe->opcode = IORING_OP_SEND; break;
    case CSB_URING_RECV: sqe->opcode = IORING_OP_RECV; break;
    case CSB_URING_READ: sqe->opcode = IORING_OP_READ; break;
    default: sqe->opcode = IORING_OP_WRITE; break;
    }
    sqe->fd = fd;
    sqe->addr = (uint64_t)(uintptr_t)buffer;
    sqe->len = (unsigned)length;
    // read/write on a pipe: offset -1 is "the file's position" (a pipe has none).
    sqe->off = (operation == CSB_URING_READ || operation == CSB_URING_WRITE) ? (uint64_t)-1 : 0;
    sqe->msg_flags = operation == CSB_URING_SEND ? (unsigned)(flags | MSG_NOSIGNAL) : (unsigned)flags;
    sqe->user_data = OPERATION;
    publish(r);
    int res = 0;
    int done = submit_and_wait(r, 1, OPERATION, timeout_ns, &res);
    if (done < 0) return -1;
    if (done == 0) {
        // Timed out: cancel the operation and collect both completions, so the next one starts
        // on an empty ring. The operation may have completed meanwhile; then its result stands.
        struct io_uring_sqe *cancel = next_sqe(r);
        cancel->opcode = IORING_OP_ASYNC_CANCEL;
        cancel->fd = -1;
        cancel->addr = OPERATION;
        cancel->user_data = CANCELLATION;
        publish(r);
        int cancelled = 0;
        if (submit_and_wait(r, 1, CANCELLATION, 0, &cancelled) < 0) return -1;
        if (submit_and_wait(r, 0, OPERATION, 0, &res) < 0) return -1;
        if (res == -ECANCELED || res == -EINTR) {
            errno = ETIME;
            return -1;
        }
    }
    if (res < 0) {
        errno = -res;
        return -1;
    }
    return res;
}

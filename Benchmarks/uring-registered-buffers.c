// Do registered buffers make io_uring pipe I/O faster? Two processes ping-pong N-byte messages
// through two pipes, each process with its own ring and one operation in flight at a time (submit,
// then wait with io_uring_enter(GETEVENTS), like sockbench's --mode io_uring). Mode `plain` uses
// IORING_OP_READ/WRITE; mode `fixed` registers both buffers (IORING_REGISTER_BUFFERS) and uses
// IORING_OP_READ_FIXED/WRITE_FIXED. Same buffers, same loop otherwise.
// Kernel interface only (<linux/io_uring.h>, the syscalls, rings mapped with mmap), as in
// Sources/CSockBench/uring.c. Usage: uring-registered-buffers plain|fixed SIZE SECONDS
// Prints: mode size round_trips seconds round_trips_per_s
#define _GNU_SOURCE
#include <errno.h>
#include <linux/io_uring.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t child;  // the echo process, in the parent; 0 once reaped or in the child itself
static const char *side = "parent";

/// Prints the error, reaps the child (killing it first) and exits 1.
static void fail(const char *format, ...) {
    va_list args;
    va_start(args, format);
    fprintf(stderr, "uring-registered-buffers (%s): ", side);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    if (child > 0) {
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
    }
    _exit(1);
}

struct ring {
    int fd;
    unsigned sq_mask, cq_mask;
    _Atomic unsigned *sq_tail, *cq_head, *cq_tail;
    unsigned *sq_array;
    struct io_uring_sqe *sqes;
    struct io_uring_cqe *cqes;
};

static void ring_create(struct ring *r) {
    struct io_uring_params p;
    memset(&p, 0, sizeof(p));
    r->fd = (int)syscall(__NR_io_uring_setup, 4, &p);
    if (r->fd < 0) fail("io_uring_setup: %s", strerror(errno));
    if (!(p.features & IORING_FEAT_SINGLE_MMAP)) fail("io_uring_setup: no IORING_FEAT_SINGLE_MMAP (Linux 5.4)");
    size_t sq_bytes = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    size_t cq_bytes = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    char *base = mmap(NULL, sq_bytes > cq_bytes ? sq_bytes : cq_bytes, PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
    if (base == MAP_FAILED) fail("mmap of the rings: %s", strerror(errno));
    r->sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
    if (r->sqes == MAP_FAILED) fail("mmap of the SQEs: %s", strerror(errno));
    r->sq_tail = (void *)(base + p.sq_off.tail);
    r->sq_mask = *(unsigned *)(base + p.sq_off.ring_mask);
    r->sq_array = (void *)(base + p.sq_off.array);
    r->cq_head = (void *)(base + p.cq_off.head);
    r->cq_tail = (void *)(base + p.cq_off.tail);
    r->cq_mask = *(unsigned *)(base + p.cq_off.ring_mask);
    r->cqes = (void *)(base + p.cq_off.cqes);
}

/// One read or write of `length` bytes at `buffer`, submitted and waited for in one
/// io_uring_enter; `fixed` >= 0 is the registered buffer's index. Returns the CQE's result.
static int transfer(struct ring *r, int write, int fd, char *buffer, unsigned length, int fixed) {
    unsigned tail = atomic_load_explicit(r->sq_tail, memory_order_relaxed);
    unsigned index = tail & r->sq_mask;
    struct io_uring_sqe *sqe = &r->sqes[index];
    memset(sqe, 0, sizeof(*sqe));
    if (fixed >= 0) sqe->opcode = write ? IORING_OP_WRITE_FIXED : IORING_OP_READ_FIXED;
    else sqe->opcode = write ? IORING_OP_WRITE : IORING_OP_READ;
    sqe->fd = fd;
    sqe->addr = (uint64_t)(uintptr_t)buffer;
    sqe->len = length;
    sqe->off = (uint64_t)-1;  // a pipe has no position
    sqe->buf_index = fixed >= 0 ? (uint16_t)fixed : 0;
    r->sq_array[index] = index;
    atomic_store_explicit(r->sq_tail, tail + 1, memory_order_release);
    unsigned submit = 1;
    for (;;) {
        int n = (int)syscall(__NR_io_uring_enter, r->fd, submit, 1, IORING_ENTER_GETEVENTS, NULL, 0);
        if (n < 0 && errno != EINTR) fail("io_uring_enter: %s", strerror(errno));
        if (n >= 0) submit = 0;
        unsigned head = atomic_load_explicit(r->cq_head, memory_order_relaxed);
        if (head != atomic_load_explicit(r->cq_tail, memory_order_acquire)) {
            int res = r->cqes[head & r->cq_mask].res;
            atomic_store_explicit(r->cq_head, head + 1, memory_order_release);
            return res;
        }
    }
}

/// Moves a whole message (a pipe may take or give it in pieces). Returns 0 when a read meets
/// end of file before the message's first byte, else the message's length.
static size_t whole(struct ring *r, int write, int fd, char *buffer, size_t size, int fixed) {
    size_t done = 0;
    while (done < size) {
        int n = transfer(r, write, fd, buffer + done, (unsigned)(size - done), fixed);
        if (n < 0) fail("%s: %s", write ? "write" : "read", strerror(-n));
        if (n == 0) {
            if (!write && done == 0) return 0;
            fail("%s: 0 bytes after %zu of a %zu-byte message", write ? "write" : "read", done, size);
        }
        done += (size_t)n;
    }
    return done;
}

/// Message i starts with byte i and ends with byte ~i (mod 256); checks a received one.
static void mark(char *m, size_t size, uint64_t i) {
    m[0] = (char)i;
    m[size - 1] = (char)~i;
}
static void check(const char *m, size_t size, uint64_t i) {
    if (m[0] != (char)i || m[size - 1] != (char)~i)
        fail("message %llu: first/last byte %u/%u, expected %u/%u", (unsigned long long)i,
             (unsigned char)m[0], (unsigned char)m[size - 1], (unsigned char)i, (unsigned char)~i);
}

int main(int argc, char **argv) {
    int fixed = argc == 4 ? (!strcmp(argv[1], "fixed") ? 1 : !strcmp(argv[1], "plain") ? 0 : -1) : -1;
    long size = argc == 4 ? atol(argv[2]) : 0;
    double seconds = argc == 4 ? atof(argv[3]) : 0;
    if (fixed < 0 || size < 2 || size > (1 << 24) || !(seconds > 0)) {
        fprintf(stderr, "usage: %s plain|fixed SIZE(2..16777216) SECONDS\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);  // a write to a pipe whose reader died fails with EPIPE instead
    int ping[2], pong[2];
    if (pipe(ping) != 0 || pipe(pong) != 0) fail("pipe: %s", strerror(errno));
    fflush(stdout);
    child = fork();
    if (child < 0) fail("fork: %s", strerror(errno));
    int in = child == 0 ? ping[0] : pong[0], out = child == 0 ? pong[1] : ping[1];
    close(child == 0 ? ping[1] : pong[1]);
    close(child == 0 ? pong[0] : ping[0]);
    if (child == 0) side = "echo";

    // Each process: its own ring (set up after fork), a send and a receive buffer, page-aligned.
    struct ring r;
    ring_create(&r);
    size_t bytes = ((size_t)size + 4095) & ~(size_t)4095;
    char *send = aligned_alloc(4096, bytes), *recv = aligned_alloc(4096, bytes);
    if (!send || !recv) fail("out of memory");
    memset(send, 0x5a, bytes);
    memset(recv, 0, bytes);
    int send_index = -1, recv_index = -1;
    if (fixed) {
        struct iovec buffers[2] = {{send, (size_t)size}, {recv, (size_t)size}};
        if (syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_BUFFERS, buffers, 2) != 0)
            fail("io_uring_register(IORING_REGISTER_BUFFERS): %s%s", strerror(errno),
                 errno == ENOMEM ? " (RLIMIT_MEMLOCK? see ulimit -l)" : "");
        send_index = 0;
        recv_index = 1;
    }

    if (child == 0) {
        // Echo: receive a message into recv, check it, send it back from send; end of file ends.
        child = 0;
        for (uint64_t i = 0;; i++) {
            recv[0] = recv[size - 1] = 0;
            if (whole(&r, 0, in, recv, (size_t)size, recv_index) == 0) _exit(0);
            check(recv, (size_t)size, i);
            mark(send, (size_t)size, i);
            whole(&r, 1, out, send, (size_t)size, send_index);
        }
    }

    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    double elapsed = 0;
    uint64_t trips = 0;
    do {
        mark(send, (size_t)size, trips);
        whole(&r, 1, out, send, (size_t)size, send_index);
        recv[0] = recv[size - 1] = 0;
        if (whole(&r, 0, in, recv, (size_t)size, recv_index) == 0) fail("the echo closed its pipe");
        check(recv, (size_t)size, trips);
        trips++;
        clock_gettime(CLOCK_MONOTONIC, &now);
        elapsed = (double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9;
    } while (elapsed < seconds);

    close(out);  // the echo reads end of file and exits 0
    int status;
    pid_t reaped = waitpid(child, &status, 0);
    child = 0;
    if (reaped < 0) fail("waitpid: %s", strerror(errno));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fail("the echo process failed (status 0x%x)", status);
    printf("%s %ld %llu %.3f %.0f\n", fixed ? "fixed" : "plain", size, (unsigned long long)trips, elapsed,
           (double)trips / elapsed);
    return 0;
}

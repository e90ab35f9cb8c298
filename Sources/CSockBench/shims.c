#define _GNU_SOURCE
#include "CSockBench.h"
#include <sched.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/futex.h>
#include <time.h>

int csb_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0, 0, 0);
}

int csb_pin_to_cpu(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof(set), &set);
}

static cpu_set_t csb_initial_affinity;
static int csb_initial_affinity_known = 0;

int csb_remember_affinity(void) {
    if (csb_initial_affinity_known) return 0;
    CPU_ZERO(&csb_initial_affinity);
    if (sched_getaffinity(0, sizeof(csb_initial_affinity), &csb_initial_affinity) != 0) return -1;
    csb_initial_affinity_known = 1;
    return 0;
}

int csb_restore_affinity(void) {
    if (!csb_initial_affinity_known) return 0;
    return sched_setaffinity(0, sizeof(csb_initial_affinity), &csb_initial_affinity);
}

int csb_allowed_cpus(int *cpus, int capacity) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return -1;
    int count = 0;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &set)) continue;
        if (count < capacity) cpus[count] = cpu;
        count++;
    }
    return count;
}

int csb_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static int csb_epoll_ctl(int epfd, int op, int fd, int writable, int edge) {
    struct epoll_event event = {0};
    event.events = (writable ? EPOLLOUT : EPOLLIN) | (edge ? EPOLLET : 0);
    event.data.fd = fd;
    return epoll_ctl(epfd, op, fd, &event);
}

int csb_epoll_add(int epfd, int fd, int writable, int edge) { return csb_epoll_ctl(epfd, EPOLL_CTL_ADD, fd, writable, edge); }
int csb_epoll_modify(int epfd, int fd, int writable, int edge) { return csb_epoll_ctl(epfd, EPOLL_CTL_MOD, fd, writable, edge); }

int csb_epoll_wait_one(int epfd, int timeout_milliseconds) {
    struct epoll_event event;
    return epoll_wait(epfd, &event, 1, timeout_milliseconds);
}

int csb_thread_usage(long long *user_us, long long *system_us, long long *voluntary, long long *involuntary) {
    struct rusage usage;
    if (getrusage(RUSAGE_THREAD, &usage) != 0) return -1;
    *user_us = (long long)usage.ru_utime.tv_sec * 1000000LL + usage.ru_utime.tv_usec;
    *system_us = (long long)usage.ru_stime.tv_sec * 1000000LL + usage.ru_stime.tv_usec + csb_uring_sqpoll_cpu_ns() / 1000;
    *voluntary = usage.ru_nvcsw;
    *involuntary = usage.ru_nivcsw;
    return 0;
}

int csb_accept_cloexec(int fd) { return accept4(fd, NULL, NULL, SOCK_CLOEXEC); }
int csb_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

struct csb_mmsg {
    unsigned count;
    struct mmsghdr *headers;
    struct iovec *vectors;
};

csb_mmsg *csb_mmsg_create(void *base, unsigned long size, unsigned count) {
    csb_mmsg *batch = calloc(1, sizeof(*batch));
    if (!batch) return NULL;
    batch->count = count;
    batch->headers = calloc(count, sizeof(struct mmsghdr));
    batch->vectors = calloc(count, sizeof(struct iovec));
    if (!batch->headers || !batch->vectors) { csb_mmsg_destroy(batch); return NULL; }
    for (unsigned i = 0; i < count; i++) {
        batch->vectors[i].iov_base = (char *)base + (unsigned long)i * size;
        batch->vectors[i].iov_len = size;
        batch->headers[i].msg_hdr.msg_iov = &batch->vectors[i];
        batch->headers[i].msg_hdr.msg_iovlen = 1;
    }
    return batch;
}

void csb_mmsg_destroy(csb_mmsg *batch) {
    if (!batch) return;
    free(batch->headers);
    free(batch->vectors);
    free(batch);
}

int csb_sendmmsg(int fd, csb_mmsg *batch, unsigned first, unsigned count) {
    return sendmmsg(fd, batch->headers + first, count, MSG_NOSIGNAL);
}

int csb_recvmmsg(int fd, csb_mmsg *batch, unsigned count) {
    return recvmmsg(fd, batch->headers, count, MSG_WAITFORONE, NULL);
}

unsigned csb_mmsg_length(const csb_mmsg *batch, unsigned index) { return batch->headers[index].msg_len; }

int csb_epoll_add_token(int epfd, int fd, uint64_t token, int edge) {
    struct epoll_event event = {0};
    event.events = EPOLLIN | (edge ? EPOLLET : 0);
    event.data.u64 = token;
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event);
}

int csb_epoll_wait_tokens(int epfd, uint64_t *tokens, int capacity, int timeout_milliseconds) {
    struct epoll_event events[256];
    if (capacity > 256) capacity = 256;
    int ready = epoll_wait(epfd, events, capacity, timeout_milliseconds);
    for (int i = 0; i < ready; i++) tokens[i] = events[i].data.u64;
    return ready;
}

int csb_raise_open_files(uint64_t wanted, uint64_t *soft, uint64_t *hard) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
    if (limit.rlim_cur < wanted) {
        rlim_t target = wanted < limit.rlim_max ? wanted : limit.rlim_max;
        struct rlimit raised = { target, limit.rlim_max };
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit.rlim_cur = target;
    }
    *soft = limit.rlim_cur;
    *hard = limit.rlim_max;
    return 0;
}

int csb_wait_state(pid_t pid, int reap, int *code, int *status) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    int options = WEXITED | WSTOPPED | WNOHANG | (reap ? 0 : WNOWAIT);
    if (waitid(P_PID, (id_t)pid, &info, options) != 0) return -1;
    if (info.si_pid == 0) return 0;
    *code = info.si_code;
    *status = info.si_status;
    return 1;
}

extern char **environ;

int csb_spawn(pid_t *pid, const char *path, char *const argv[], int search_path, int stdin_fd, int stdout_fd, int stderr_fd, int new_group) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int status = posix_spawn_file_actions_init(&actions);
    if (status != 0) return status;
    status = posix_spawnattr_init(&attributes);
    if (status != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return status;
    }
    posix_spawn_file_actions_adddup2(&actions, stdin_fd, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, stdout_fd, STDOUT_FILENO);
    if (stderr_fd >= 0) posix_spawn_file_actions_adddup2(&actions, stderr_fd, STDERR_FILENO);
    if (new_group) {
        posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
        posix_spawnattr_setpgroup(&attributes, 0);
    }
    status = search_path ? posix_spawnp(pid, path, &actions, &attributes, argv, environ)
                         : posix_spawn(pid, path, &actions, &attributes, argv, environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return status;
}

int csb_get_pipe_size(int fd) { return fcntl(fd, F_GETPIPE_SZ); }

int csb_set_pipe_size(int fd, int bytes) { return fcntl(fd, F_SETPIPE_SZ, bytes); }

int csb_memfd_create(const char *name) { return memfd_create(name, MFD_CLOEXEC); }

int csb_map_shared(int fd, size_t length, void **address) {
    void *mapped = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
    if (mapped == MAP_FAILED) return -1;
    *address = mapped;
    return 0;
}

int csb_unmap(void *address, size_t length) { return munmap(address, length); }

int csb_futex_wait(uint32_t *word, uint32_t expected, uint64_t timeout_ns) {
    struct timespec timeout = {.tv_sec = (time_t)(timeout_ns / 1000000000ull), .tv_nsec = (long)(timeout_ns % 1000000000ull)};
    return (int)syscall(SYS_futex, word, FUTEX_WAIT, expected, &timeout, NULL, 0);
}

int csb_futex_wake(uint32_t *word) { return (int)syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0); }

#include <linux/errqueue.h>
#include <netinet/in.h>

#ifndef SO_EE_ORIGIN_ZEROCOPY
#define SO_EE_ORIGIN_ZEROCOPY 5
#endif
#ifndef SO_EE_CODE_ZEROCOPY_COPIED
#define SO_EE_CODE_ZEROCOPY_COPIED 1
#endif

int csb_zerocopy_reap(int fd, uint32_t *first, uint32_t *last, int *copied) {
    char control[128];
    struct msghdr message = {0};
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    if (recvmsg(fd, &message, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) return -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
        int ip = (c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR);
        int ip6 = (c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_RECVERR);
        if (!ip && !ip6) continue;
        const struct sock_extended_err *error = (const struct sock_extended_err *)CMSG_DATA(c);
        if (error->ee_errno != 0 || error->ee_origin != SO_EE_ORIGIN_ZEROCOPY) continue;
        *first = error->ee_info;
        *last = error->ee_data;
        *copied = (error->ee_code & SO_EE_CODE_ZEROCOPY_COPIED) ? 1 : 0;
        return 1;
    }
    return 0;
}

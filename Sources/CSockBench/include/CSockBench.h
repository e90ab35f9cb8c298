#ifndef CSOCKBENCH_H
#define CSOCKBENCH_H

#include <sys/types.h>
#include <errno.h>

/// Calls Swift cannot make directly: variadic prctl, the CPU_SET macros, epoll's packed struct,
/// RUSAGE_THREAD, accept4/pipe2, sendmmsg/recvmmsg, and errno access.
/// Each returns what the underlying call returns (-1 with errno set on failure).

/// Ask the kernel to send `signal` to this process when its parent exits.
int csb_set_parent_death_signal(int signal);

/// Pin the calling thread to one CPU.
int csb_pin_to_cpu(int cpu);

/// Undo csb_pin_to_cpu: restore the affinity mask the process had when it first called
/// csb_remember_affinity (a persistent worker moves between pinned and unpinned measurements).
int csb_remember_affinity(void);
int csb_restore_affinity(void);

/// The CPUs this process may run on (sched_getaffinity), lowest first: stores up to `capacity` of
/// their numbers in `cpus` and returns how many there are, or -1.
int csb_allowed_cpus(int *cpus, int capacity);

/// epoll without its packed struct (epoll_event does not import cleanly into Swift).
/// `writable`: 0 waits for readable, 1 for writable. Level-triggered.
int csb_epoll_create(void);
/// `edge`: EPOLLET (edge-triggered) instead of level-triggered.
int csb_epoll_add(int epfd, int fd, int writable, int edge);
int csb_epoll_modify(int epfd, int fd, int writable, int edge);
/// Waits for one event; returns the number of ready descriptors (0 on timeout) or -1.
int csb_epoll_wait_one(int epfd, int timeout_milliseconds);

/// getrusage(RUSAGE_THREAD): the calling thread's CPU time in microseconds and context switches,
/// plus, as system time, the CPU time of the io_uring SQPOLL kernel thread of this process's live
/// SQPOLL ring (csb_uring_create), which polls the queue for that thread and is real cost.
int csb_thread_usage(long long *user_us, long long *system_us, long long *voluntary, long long *involuntary);

/// accept4 and pipe2 with close-on-exec (GNU extensions Glibc's module does not export).
int csb_accept_cloexec(int fd);
int csb_pipe_cloexec(int fds[2]);

/// waitid(P_PID, pid, WEXITED | WSTOPPED | WNOHANG [| WNOWAIT]): 1 with `code` (CLD_EXITED,
/// CLD_KILLED, CLD_DUMPED, CLD_STOPPED) and `status` (exit status or signal) when the child has
/// ended or stopped, 0 while it runs, -1 on error. `reap` 0 leaves an ended child waitable.
int csb_wait_state(pid_t pid, int reap, int *code, int *status);
/// The CLD_* codes of csb_wait_state, which Swift's Glibc module does not export.
enum { CSB_CLD_EXITED = 1, CSB_CLD_KILLED = 2, CSB_CLD_DUMPED = 3, CSB_CLD_STOPPED = 5 };

/// posix_spawn (or posix_spawnp with `search_path`) with stdin, stdout and (when >= 0) stderr
/// redirected, and with `new_group` in a process group of its own (POSIX_SPAWN_SETPGROUP, pgid 0),
/// so the whole group can be signalled. Returns 0 and the pid, or the error number.
int csb_spawn(pid_t *pid, const char *path, char *const argv[], int search_path, int stdin_fd, int stdout_fd, int stderr_fd, int new_group);

/// sendmmsg/recvmmsg over `count` messages of `size` bytes laid out back to back at `base`.
/// The header and iovec arrays are allocated once, by csb_mmsg_create, before any loop runs.
typedef struct csb_mmsg csb_mmsg;
csb_mmsg *csb_mmsg_create(void *base, unsigned long size, unsigned count);
void csb_mmsg_destroy(csb_mmsg *batch);
/// Sends messages first...first+count-1; returns how many the kernel took, or -1.
int csb_sendmmsg(int fd, csb_mmsg *batch, unsigned first, unsigned count);
/// Receives up to `count` messages, waiting only for the first (MSG_WAITFORONE); returns how many, or -1.
int csb_recvmmsg(int fd, csb_mmsg *batch, unsigned count);
/// Length of message `index` of the last receive.
unsigned csb_mmsg_length(const csb_mmsg *batch, unsigned index);

/// The calling thread's errno (read only; nothing resets it).
static inline int csb_errno(void) { return errno; }

#include <stdint.h>

/// epoll for many descriptors, each registered with a caller's token (the connection's index),
/// for input, level-triggered or (`edge` 1) edge-triggered; the wait writes the tokens of ready descriptors into `tokens`.
int csb_epoll_add_token(int epfd, int fd, uint64_t token, int edge);
int csb_epoll_wait_tokens(int epfd, uint64_t *tokens, int capacity, int timeout_milliseconds);

/// MSG_ZEROCOPY: reads one notification from `fd`'s error queue without waiting (recvmsg with
/// MSG_ERRQUEUE and the cmsg macros). 1: the sends numbered first...last (inclusive, wrapping) are
/// complete, and `copied` says the kernel copied them anyway (SO_EE_CODE_ZEROCOPY_COPIED); 0: a
/// message that was not a zero-copy notification; -1 with errno (EAGAIN: the queue is empty).
int csb_zerocopy_reap(int fd, uint32_t *first, uint32_t *last, int *copied);

/// Pipes and shared memory (the pipe and shm transports). fcntl's F_GETPIPE_SZ/F_SETPIPE_SZ and
/// memfd_create are GNU extensions Glibc's module does not export; mmap returns 0 or -1 here
/// (MAP_FAILED does not import) with the mapping in `address`.
int csb_get_pipe_size(int fd);
int csb_set_pipe_size(int fd, int bytes);
int csb_memfd_create(const char *name);
int csb_map_shared(int fd, size_t length, void **address);
int csb_unmap(void *address, size_t length);
/// futex(2) on a 32-bit word in memory shared between processes (no FUTEX_PRIVATE_FLAG).
/// Wait: sleeps while `*word == expected`, at most `timeout_ns`; 0 when woken (or spuriously),
/// -1 with EAGAIN when the word had already changed, ETIMEDOUT, or EINTR. Wake: wakes one waiter.
int csb_futex_wait(uint32_t *word, uint32_t expected, uint64_t timeout_ns);
int csb_futex_wake(uint32_t *word);

/// RLIMIT_NOFILE: raises the soft limit to min(`wanted`, hard); stores both limits after the call.
int csb_raise_open_files(uint64_t wanted, uint64_t *soft, uint64_t *hard);

/// io_uring through the kernel's interface (uring.c, no liburing): a ring with one operation in
/// flight at a time. `sqpoll` asks for IORING_SETUP_SQPOLL (a kernel thread polls the submission
/// queue). NULL with errno when the kernel refuses (ENOSYS; EPERM under kernel.io_uring_disabled
/// or seccomp) or lacks IORING_FEAT_EXT_ARG (5.11), reported as ENOSYS.
typedef struct csb_uring csb_uring;
csb_uring *csb_uring_create(unsigned entries, int sqpoll);
void csb_uring_destroy(csb_uring *ring);
/// The operations csb_uring_transfer submits: IORING_OP_SEND/RECV on sockets, READ/WRITE on pipes.
enum { CSB_URING_SEND = 0, CSB_URING_RECV = 1, CSB_URING_READ = 2, CSB_URING_WRITE = 3 };
/// Submits one operation on `fd` and waits for its completion (io_uring_enter GETEVENTS), at most
/// `timeout_ns` (0: no limit). Returns the bytes moved, or -1 with errno: the completion's error, or
/// ETIME when the wait timed out (the operation was cancelled and reaped). A signal does not
/// resubmit: EINTR only resumes the wait. `flags` are send/recv flags (MSG_MORE); MSG_NOSIGNAL is added to sends.
long csb_uring_transfer(csb_uring *ring, int operation, int fd, void *buffer, size_t length, int flags, long long timeout_ns);
/// CPU time of the live SQPOLL ring's kernel thread in ns (0 without one).
long long csb_uring_sqpoll_cpu_ns(void);

#endif

// Test-only: makes every process it is preloaded into a slow sender. Each call to send, sendto,
// sendmsg, sendmmsg or write first spins for SOCKBENCH_SLOW_SEND_NS nanoseconds (unset or 0: no
// delay), then makes the real call. The check and fault tests load it with LD_PRELOAD into a
// `sockbench run`, whose workers inherit the environment, to get a deliberately slower
// implementation without any test knob in the measuring code.
// Compiled by the tests at run time (SlowSender.swift): cc -shared -fPIC slow_send.c -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static long long pause_ns;

__attribute__((constructor)) static void read_pause(void) {
    const char *text = getenv("SOCKBENCH_SLOW_SEND_NS");
    pause_ns = text ? atoll(text) : 0;
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

// Spins rather than sleeps: a slower implementation burns CPU, it does not yield the core.
static void spin(void) {
    if (pause_ns <= 0) return;
    long long end = now_ns() + pause_ns;
    while (now_ns() < end) {}
}

#define REAL(name) static __typeof__(name) *real; if (!real) real = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

ssize_t send(int fd, const void *buffer, size_t length, int flags) {
    REAL(send);
    spin();
    return real(fd, buffer, length, flags);
}

ssize_t sendto(int fd, const void *buffer, size_t length, int flags, const struct sockaddr *address, socklen_t address_length) {
    REAL(sendto);
    spin();
    return real(fd, buffer, length, flags, address, address_length);
}

ssize_t sendmsg(int fd, const struct msghdr *message, int flags) {
    REAL(sendmsg);
    spin();
    return real(fd, message, flags);
}

int sendmmsg(int fd, struct mmsghdr *messages, unsigned int count, int flags) {
    REAL(sendmmsg);
    spin();
    return real(fd, messages, count, flags);
}

ssize_t write(int fd, const void *buffer, size_t length) {
    REAL(write);
    spin();
    return real(fd, buffer, length);
}

// What the connection loops (connect.c, connections.c) share: socket options, a bounded blocking
// connect and HdrHistogram-layout recording, each the twin of the Swift call it names. Static inline,
// so each loop keeps the code in its own translation unit.
#ifndef CSOCKBENCHLOOPS_SOCKETS_H
#define CSOCKBENCHLOOPS_SOCKETS_H

#include "io.h"
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static inline void record_value(uint64_t *counts, uint64_t *min, uint64_t *max, int64_t *out_of_range, uint64_t value) {
    int index = csbl_histogram_index_of(value);
    if (index < 0) {
        (*out_of_range)++;
        return;
    }
    counts[index]++;
    if (value > *max) *max = value;
    if (value != 0 && (*min == 0 || value < *min)) *min = value;
}

static inline int set_int_option(csbl_loop *l, int fd, int level, int name, int value) {
    if (setsockopt(fd, level, name, &value, sizeof value) == 0) return 0;
    return fail(l, "setsockopt", errno, NULL);
}

static inline int set_timeout_option(csbl_loop *l, int fd, int name, uint64_t ns) {
    struct timeval tv = {.tv_sec = (time_t)(ns / 1000000000ull), .tv_usec = (suseconds_t)((ns % 1000000000ull) / 1000)};
    if (setsockopt(fd, SOL_SOCKET, name, &tv, sizeof tv) == 0) return 0;
    return fail(l, "setsockopt", errno, NULL);
}

static inline int set_non_blocking(csbl_loop *l, int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) return fail(l, "fcntl", errno, NULL);
    return 0;
}

static inline int new_socket(csbl_loop *l) {
    int fd = socket(l->domain, l->type | SOCK_CLOEXEC, 0);
    if (fd < 0) fail(l, "socket", errno, NULL);
    return fd;
}

/// Blocking connect, bounded by the socket's SO_SNDTIMEO (EINTR retried, as Sys.connect does).
static inline int connect_to_server(csbl_loop *l, int fd) {
    while (connect(fd, (const struct sockaddr *)l->address, (socklen_t)l->address_length) != 0) {
        if (errno == EINTR) continue;
        if (errno == EADDRNOTAVAIL) {
            return fail(l, "connect", errno,
                "ephemeral ports exhausted (closed connections wait in TIME_WAIT); see net.ipv4.ip_local_port_range and net.ipv4.tcp_tw_reuse");
        }
        return fail(l, "connect", errno, NULL);
    }
    return 0;
}

static inline int close_and_fail(int fd) {
    close(fd);
    return -1;
}

#endif

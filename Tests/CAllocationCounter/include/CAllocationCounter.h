#ifndef CALLOCATIONCOUNTER_H
#define CALLOCATIONCOUNTER_H

#include <stdint.h>

/// Test-only malloc interposer. Linked into the test binary, it replaces malloc, calloc, realloc,
/// posix_memalign, aligned_alloc, memalign and valloc with versions that count calls on the calling
/// thread and forward to glibc's allocator. Counting per thread keeps tests that run in parallel
/// from disturbing each other.

/// Allocations (every call that may return new memory, including realloc) made by this thread.
uint64_t csb_thread_allocations(void);
/// free() calls made by this thread.
uint64_t csb_thread_frees(void);

#endif

#ifndef CSOCKBENCHLOOPS_H
#define CSOCKBENCHLOOPS_H

#include <stddef.h>
#include <stdint.h>

/// The plain-C reference loops `sockbench calibrate` measures the Swift loops against.
///
/// Each loop runs over a descriptor that is already connected and configured (O_NONBLOCK, SO_RCVTIMEO,
/// the epoll registration) by the same Swift setup as the Swift loops, and measures the same thing as
/// PingPong.swift, Stream.swift, PacedStream.swift and OpenLoopRR.swift: same warmup, same measured
/// interval, same clock reads, same message framing. Only the hot loop differs. The end-of-run signal
/// (shutdown or zero-length datagrams) is sent by the caller after the measured part, exactly as for
/// the Swift loops.
///
/// Each loop is split into a warmup call and a measured call so the caller can read CPU usage around
/// the measured part only. Every call returns 0, or -1 with `failed_call`, `failed_errno` and
/// `failed_reason` set.

/// How a loop waits when the kernel says EAGAIN (Swift's IOMode, mapped by ReferenceLoops).
enum {
    CSBL_BLOCKING = 0,
    CSBL_NONBLOCKING = 1,
    CSBL_EPOLL = 2,
    CSBL_BUSY_POLL = 3,
    /// epoll, edge-triggered (EPOLLET): waits only after EAGAIN, as the level-triggered mode does.
    CSBL_EPOLL_ET = 4,
    /// io_uring (with or without SQPOLL, which the ring already holds): `uring` takes every call.
    CSBL_IO_URING = 5,
};

/// Layout of the round-trip histogram the ping-pong client fills: HdrHistogram's log-linear buckets
/// for lowest 1 ns, highest 60 s, 3 significant digits (sockbench's `Histogram.roundTrip()`).
#define CSBL_HISTOGRAM_LENGTH 27648

/// The shm transport's mapping, laid out once for SockBenchCore's SharedRing and the C loops (ring.h):
/// a control page of CSBL_RING_CONTROL_BYTES holding one control block per direction, CSBL_RING_BLOCK_BYTES
/// apart (0 client->server, 1 server->client), then the two rings of `ring_capacity` bytes each.
#define CSBL_RING_CONTROL_BYTES 4096
#define CSBL_RING_BLOCK_BYTES 1024

/// One direction's control block. Each index and the flags sit on cache lines of their own, 128 bytes
/// apart, so the adjacent-line prefetcher does not pair them; every field is read and written atomically.
typedef struct csbl_ring_control {
    /// Bytes published by the producer, its only writer (release store, acquire load).
    uint64_t head;
    unsigned char head_line[120];
    /// Bytes taken by the consumer, its only writer.
    uint64_t tail;
    unsigned char tail_line[120];
    /// The blocking wait's flags: whether each side sleeps (or is about to), whether the producer
    /// closed, and the futex words bumped for a sleeping consumer (data) and producer (space).
    uint32_t consumer_waiting;
    uint32_t producer_waiting;
    uint32_t closed;
    uint32_t data_signal;
    uint32_t space_signal;
} csbl_ring_control;

_Static_assert(sizeof(csbl_ring_control) <= CSBL_RING_BLOCK_BYTES && 2 * CSBL_RING_BLOCK_BYTES <= CSBL_RING_CONTROL_BYTES,
               "two control blocks fit the control page");

/// One loop's settings, its private state and what it measured. Zero it, fill the settings, call.
/// How long before a paced slot the sender stops sleeping and spins (ns), in the Swift Pacer and the C
/// paced loops alike. A timer wake-up on the development VM was late by 0.5-5 ms every second or so,
/// even with idle CPUs polling: with a 60 µs margin a sender at 2 500 msg/s sent late in 2 of 3
/// repetitions (one-way p99 from the intended time 3-5 ms, from the actual send time 57-125 µs).
/// Spinning the last millisecond costs CPU (a whole core at rates above 1 000 msg/s; the CPU
/// columns show it) and leaves only stalls longer than 1 ms in the intended-time latency.
#define CSBL_PACER_SPIN_NS 1000000ull

typedef struct csbl_loop {
    /* Settings. */
    int fd;
    int mode;
    /// epoll mode: an epoll descriptor with `fd` registered for input (level-triggered); else -1.
    int epoll_fd;
    /// 1 for byte streams (unix, tcp, tcp6): a message may take several recv calls.
    int byte_stream;
    /// 1 for SOCK_DGRAM: stream messages carry an 8-byte little-endian sequence number.
    int datagram;
    size_t size;
    uint64_t warmup_ns;
    /// Measured extent: `count` messages (round trips) when count > 0, else `duration_ns`.
    uint64_t duration_ns;
    int64_t count;
    int idle_timeout_ms;
    uint64_t idle_timeout_ns;
    /// Caller-owned buffers of at least max(size, 8) bytes.
    unsigned char *buffer;
    unsigned char *echo;
    /// Ping-pong client: CSBL_HISTOGRAM_LENGTH zeroed counters. Datagram receiver: 1024 zeroed words.
    uint64_t *counts;
    uint64_t *seen;

    /* State shared by the warmup and measured calls. */
    uint64_t sequence;
    uint64_t now;
    int epoll_wants_output;
    uint64_t spins;
    uint64_t spinning_since;

    /* Results of the measured call. */
    int64_t messages;
    uint64_t elapsed_ns;
    /// Ping-pong client: round trips recorded, their exact extremes, and those past the histogram.
    uint64_t recorded;
    uint64_t min_ns;
    uint64_t max_ns;
    int64_t out_of_range;
    /// Datagram stream receiver: the same accounting as SockBenchCore's SequenceTracker.
    int sequence_started;
    uint64_t first_sequence;
    uint64_t highest_sequence;
    int64_t unique_received;
    int64_t reordered;
    int64_t duplicated;

    /* Failure. */
    const char *failed_call;
    int failed_errno;
    const char *failed_reason;

    /* Appended for the connection loops (connections.c); the loops above leave them zero. */
    /// Connect client and epoll clients: the server's address, a `struct sockaddr` of `address_length` bytes.
    const void *address;
    uint32_t address_length;
    /// socket() arguments of each new client connection (the transport's family and type).
    int domain;
    int type;
    /// Set on each connect-pattern socket before connect (Socket.apply): a buffer size of 0 is left as
    /// it is; `no_delay` -1 leaves TCP_NODELAY (always -1 off TCP). Epoll clients take `no_delay` only.
    int send_buffer_bytes;
    int receive_buffer_bytes;
    int no_delay;
    /// Connect pattern: SO_RCVTIMEO/SO_SNDTIMEO of every connection, so a stalled peer ends the run.
    uint64_t socket_timeout_ns;
    /// Servers: the listening descriptor (the caller owns it).
    int listener;
    /// `--connections`: how many connections the server serves, or this client drives.
    int connections;
    /// `--connections` server with `--mode epoll-et`: 1 registers the listener and every connection
    /// edge-triggered (EPOLLET), and each event is drained until EAGAIN; 0 is level-triggered.
    int edge_triggered;
    /// Connect client: CSBL_HISTOGRAM_LENGTH zeroed counters of connect() times, and their extremes.
    uint64_t *connect_counts;
    uint64_t connect_min_ns;
    uint64_t connect_max_ns;
    /// Connect client: transactions done so far, warmup included (named when ephemeral ports run out).
    int64_t transactions_done;
    /// Epoll clients: `connections` zeroed counters, the round trips measured on each connection.
    int64_t *connection_round_trips;
    /// Epoll clients: the thread's CPU usage (RUSAGE_THREAD) over the measured part, read by the loop
    /// itself because its warmup ends inside the loop.
    long long cpu_user_us;
    long long cpu_system_us;
    long long cpu_voluntary;
    long long cpu_involuntary;

    /* Paced loops (paced.c). Appended, so the fields above keep their places. */
    /// Settings: offered messages per second (> 0); the first slot is due when the warmup call starts.
    uint64_t rate;
    /// Paced stream receiver: receive - actual send time; rr client: round trips timed from the
    /// actual send time. CSBL_HISTOGRAM_LENGTH zeroed counters and their exact extremes (0 = none);
    /// `counts` holds the times from the intended send time.
    uint64_t *actual_counts;
    uint64_t actual_min_ns;
    uint64_t actual_max_ns;
    /// Slot i is due at schedule_start + i * 10^9 / rate (ns); `sequence` is the next slot.
    uint64_t schedule_start;
    /// Slot 0 + warmup: messages actually sent from here on are measured (both paced patterns).
    uint64_t measured_from;
    /// Receiver: 1 once the first measured message arrived (it waits in `buffer`, received at `now`);
    /// `ended` when the sender ended the run before one did.
    int measuring;
    int ended;
    /// rr client: bytes of the reply being collected in `echo`, replies taken, measured requests sent,
    /// and when the last measured reply arrived.
    size_t reply_offset;
    uint64_t replies;
    int64_t measured_sent;
    uint64_t last_ns;

    /* The pipe and shm transports. Appended, so the fields above keep their places. */
    /// Pipes: 1, and `fd` is the end this side reads, `write_fd` the end it writes (read/write
    /// instead of recv/send); epoll mode: `epoll_fd` watches `fd` for input, `epoll_out_fd`
    /// `write_fd` for output. Sockets: 0 (write_fd and epoll_out_fd unused).
    int pipe;
    int write_fd;
    int epoll_out_fd;
    /// shm: the mapping of SockBenchCore's SharedRing (laid out as CSBL_RING_CONTROL_BYTES and
    /// csbl_ring_control say, with rings of `ring_capacity` bytes), and the direction
    /// this side writes (0 client->server, 1 server->client). NULL for every other transport.
    /// `mode` is CSBL_BUSY_POLL (spin) or CSBL_BLOCKING (futex). The rest is the loop's state.
    unsigned char *ring_base;
    size_t ring_capacity;
    int ring_output;
    uint64_t ring_head;
    uint64_t ring_tail_seen;
    uint64_t ring_tail;
    uint64_t ring_head_seen;

    /* The io_uring modes. Appended, so the fields above keep their places. */
    /// The channel's ring (CSockBench's csb_uring, owned by the caller): every send and receive is
    /// submitted to it and waited for, as in SockBenchCore's Channel. NULL in every other mode.
    struct csb_uring *uring;

    /* `--connections` threads (connections.c). Appended, so the fields above keep their places. */
    /// The core the loop's thread pins itself to before it starts, or -1 to leave it to the scheduler.
    int core;
    /// Datagram epoll clients: echoes still missing one idle timeout after the run's end.
    int64_t lost;
} csbl_loop;

int csbl_pingpong_client_warmup(csbl_loop *loop);
int csbl_pingpong_client_measure(csbl_loop *loop);
/// Echoes every message until end of stream; the whole call is the measured part.
int csbl_echo_server(csbl_loop *loop);
int csbl_stream_sender_warmup(csbl_loop *loop);
int csbl_stream_sender_measure(csbl_loop *loop);
int csbl_stream_receiver_warmup(csbl_loop *loop);
int csbl_stream_receiver_measure(csbl_loop *loop);

/// The connect pattern (ConnectLoop.swift): a connection per transaction on blocking sockets. The client
/// times each whole transaction (into `counts`) and connect() alone (into `connect_counts`); `end`
/// opens the connection without a request that stops the server. The server accepts one connection at
/// a time from `listener`, echoes the request, waits for the client's close; the whole call is measured.
int csbl_connect_client_warmup(csbl_loop *loop);
int csbl_connect_client_measure(csbl_loop *loop);
int csbl_connect_client_end(csbl_loop *loop);
int csbl_connect_server(csbl_loop *loop);

/// `--connections` (ConnectionThreads.swift): `threads` threads, thread t running the twin of its
/// Swift loop on `loops[t]` (pinned to its `core` first) and leaving there its tally (`messages`,
/// `elapsed_ns`, the `cpu_*` fields) or its failure; -1 when any thread failed. Whole runs.
///
/// Server (EpollServer.swift, DatagramServer.swift): every loop's `connections` is the total. With
/// `epolls` (one epoll descriptor per thread) thread t accepts from its `listener` (or -1: none) and
/// echoes its connections until all have closed, edge-triggered with `edge_triggered`; with
/// `round_robin` the acceptor hands connection i to thread i mod T. Without `epolls` (datagrams)
/// thread t echoes what its bound socket `fd` receives until every end datagram arrived.
int csbl_server_threads(csbl_loop *loops, int threads, const int *epolls, int round_robin);
/// Clients (EpollClients.swift): thread t opens its loop's `connections`, keeps one request in flight
/// on each, times every round trip into its `counts` and `connection_round_trips`, and closes them
/// all (datagrams: sends each socket's end datagram, and counts the echoes missing in `lost`).
int csbl_client_threads(csbl_loop *loops, int threads);

/// Paced stream (PacedStream.swift): the sender writes the 24-byte paced header (sequence, intended
/// and actual send time, little-endian) into each message on the schedule of `rate`, never skipping a
/// slot; the receiver records receive - intended into `counts` and receive - actual into
/// `actual_counts`. A message is measured when its actual send time is at or after `measured_from`
/// (slot 0 + warmup), so a sender that falls behind measures what it sends. The receiver's warmup
/// call returns at the first measured message.
int csbl_paced_sender_warmup(csbl_loop *loop);
int csbl_paced_sender_measure(csbl_loop *loop);
int csbl_paced_receiver_warmup(csbl_loop *loop);
int csbl_paced_receiver_measure(csbl_loop *loop);
/// Open-loop request/response client (OpenLoopRR.swift): sends on the schedule without waiting,
/// taking replies between slots (MSG_DONTWAIT); the warmup call returns when the first measured
/// request is due, the measured call collects the outstanding replies too. The server is csbl_echo_server.
int csbl_rr_client_warmup(csbl_loop *loop);
int csbl_rr_client_measure(csbl_loop *loop);

/// The histogram value (lowest equivalent, ns) whose counter is `counts[index]`.
uint64_t csbl_histogram_value_at(int index);
/// The counter index of `value`, or -1 when it is past CSBL_HISTOGRAM_LENGTH.
int csbl_histogram_index_of(uint64_t value);

#endif

/*
 * A Kafka-protocol broker for local tests and development: librdkafka's mock cluster
 * (rdkafka_mock.h) with one broker on 127.0.0.1, kept alive until SIGTERM/SIGINT.
 *
 * Usage: launcher [--port N] [--exit-with-parent] [topic:partitions ...]
 *
 *   --port N            listen on 127.0.0.1:N instead of a port the kernel picks (see bind() below)
 *   --exit-with-parent  terminate when the process that started us dies (tests), so a crashed
 *                       test runner leaves no broker behind
 *   topic:partitions    topics created before clients connect (the mock has no CreateTopics API)
 *
 * Stdout: exactly one line, `READY <bootstrap.servers>`, once the broker accepts connections.
 * Errors go to stderr with a non-zero exit code.
 *
 * Limits of the mock worth knowing (librdkafka src/rdkafka_mock.c, rd_kafka_mock_partition_init):
 *  - each partition keeps at most 5 MiB of record batches (max_size = 5 MiB, max_cnt = 100000
 *    batches), pruning the oldest batches on append: measured, 12,000 uncompressed 406-byte
 *    JSON events per partition (≈17k at 300 bytes). Both limits are hard-coded: no configuration
 *    property or mock API raises them in librdkafka 2.0 (Debian 12) nor in 2.15. Consumers must
 *    keep up with producers; or producers compress, since the limit counts stored bytes (with
 *    gzip batches of 1000 such events, all 60,000 produced stayed readable).
 *  - no CreateTopics/DeleteTopics (Admin API): topics come from this command line, or are
 *    auto-created (4 partitions) by Metadata requests that allow auto-creation;
 *  - a group rebalance after the first one (a member joins or leaves) waits the group's
 *    session timeout minus 1 s before the new assignment (rdkafka_mock_cgrp.c), so tests that
 *    hand partitions from one member to another use a short session timeout;
 *  - no TLS, no SASL, no persistence, no replication (one broker, replication factor 1).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/* Port requested with --port; 0 = let the kernel choose. */
static unsigned short fixed_port = 0;

/*
 * The mock API has no way to choose the listen port: rd_kafka_mock_broker_new() binds
 * 127.0.0.1:0 and advertises whatever the kernel assigned. This executable's bind() interposes
 * libc's for librdkafka (symbols of the executable come first in the dynamic lookup), and sets
 * the requested port on the one loopback, port-0 bind the single mock broker makes. librdkafka
 * reads the bound address back with getsockname(), so metadata advertises the fixed port.
 */
int bind(int fd, const struct sockaddr *addr, socklen_t len) {
        static int (*real_bind)(int, const struct sockaddr *, socklen_t) = NULL;
        if (!real_bind)
                real_bind = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "bind");
        if (fixed_port && addr && addr->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
                struct sockaddr_in sin;
                memcpy(&sin, addr, sizeof(sin));
                if (sin.sin_port == 0 && sin.sin_addr.s_addr == htonl(INADDR_LOOPBACK)) {
                        unsigned short port = fixed_port;
                        fixed_port          = 0; /* only the first (the broker's) listener */
                        sin.sin_port        = htons(port);
                        int rc = real_bind(fd, (const struct sockaddr *)&sin, sizeof(sin));
                        if (rc != 0) {
                                /* librdkafka 2.0 asserts after a failed broker bind: fail clearly here. */
                                fprintf(stderr, "cannot listen on 127.0.0.1:%u: %s\n", port, strerror(errno));
                                _exit(1);
                        }
                        return rc;
                }
        }
        return real_bind(fd, addr, len);
}

/*
 * Mock API calls (rd_kafka_mock_topic_create) are ops served by the mock's own thread, which
 * sleeps in poll() for up to 1 s between timer ticks. In librdkafka 2.0 (Debian 12) the op queue
 * often fails to wake it, so each call can take a whole second (16 topics: 4-5 s). While topics
 * are created, this thread connects to the broker every few milliseconds: the accept wakes the
 * mock thread, which then serves the pending ops as well (16 topics: ~40 ms).
 */
static atomic_int creating_topics = 1;
static struct sockaddr_in broker_addr;

static void *wake_mock_thread(void *arg) {
        (void)arg;
        while (atomic_load(&creating_topics)) {
                int fd = socket(AF_INET, SOCK_STREAM, 0);
                if (fd >= 0) {
                        connect(fd, (struct sockaddr *)&broker_addr, sizeof(broker_addr));
                        close(fd);
                }
                usleep(5000);
        }
        return NULL;
}

static void usage(const char *argv0) {
        fprintf(stderr, "usage: %s [--port N] [--exit-with-parent] [topic:partitions ...]\n", argv0);
}

int main(int argc, char **argv) {
        char errstr[512];
        int exit_with_parent = 0;
        int i;

        /* Block the stop signals before librdkafka starts its threads, so they inherit the mask
         * and sigwait() below is the only place the signals are received. */
        sigset_t stop_signals;
        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGTERM);
        sigaddset(&stop_signals, SIGINT);
        sigaddset(&stop_signals, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);

        int first_topic = argc;
        for (i = 1; i < argc; i++) {
                if (!strcmp(argv[i], "--port") && i + 1 < argc) {
                        char *end;
                        long port = strtol(argv[++i], &end, 10);
                        if (*end || port < 1 || port > 65535) {
                                fprintf(stderr, "invalid --port %s\n", argv[i]);
                                return 2;
                        }
                        fixed_port = (unsigned short)port;
                } else if (!strcmp(argv[i], "--exit-with-parent")) {
                        exit_with_parent = 1;
                } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
                        usage(argv[0]);
                        return 0;
                } else if (argv[i][0] == '-') {
                        usage(argv[0]);
                        return 2;
                } else {
                        first_topic = i;
                        break;
                }
        }

        if (exit_with_parent) {
                prctl(PR_SET_PDEATHSIG, SIGTERM);
                if (getppid() == 1) /* parent already gone before prctl took effect */
                        return 0;
        }

        /* The mock cluster needs an rd_kafka_t for its bookkeeping; this one never connects. */
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        if (rd_kafka_conf_set(conf, "log_level", "4", errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
                fprintf(stderr, "config: %s\n", errstr);
                return 1;
        }
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "rd_kafka_new: %s\n", errstr);
                return 1;
        }

        rd_kafka_mock_cluster_t *mcluster = rd_kafka_mock_cluster_new(rk, 1);
        if (!mcluster) {
                fprintf(stderr, "could not create the mock cluster (is the --port free?)\n");
                rd_kafka_destroy(rk);
                return 1;
        }

        const char *bootstraps = rd_kafka_mock_cluster_bootstraps(mcluster);
        const char *port_str   = strrchr(bootstraps, ':');
        broker_addr.sin_family      = AF_INET;
        broker_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        broker_addr.sin_port        = htons((unsigned short)atoi(port_str ? port_str + 1 : "0"));
        pthread_t waker;
        int waker_started = first_topic < argc && port_str && pthread_create(&waker, NULL, wake_mock_thread, NULL) == 0;

        for (i = first_topic; i < argc; i++) {
                char name[256];
                const char *colon = strrchr(argv[i], ':');
                long partitions   = 1;
                size_t name_len   = colon ? (size_t)(colon - argv[i]) : strlen(argv[i]);
                if (colon) {
                        char *end;
                        partitions = strtol(colon + 1, &end, 10);
                        if (*end || partitions < 1 || partitions > 10000) {
                                fprintf(stderr, "invalid partition count in '%s' (expected topic:partitions)\n", argv[i]);
                                return 2;
                        }
                }
                if (name_len == 0 || name_len >= sizeof(name)) {
                        fprintf(stderr, "invalid topic name in '%s'\n", argv[i]);
                        return 2;
                }
                memcpy(name, argv[i], name_len);
                name[name_len] = '\0';
                rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(mcluster, name, (int)partitions, 1);
                if (err) {
                        fprintf(stderr, "creating topic %s: %s\n", name, rd_kafka_err2str(err));
                        return 1;
                }
        }

        atomic_store(&creating_topics, 0);
        if (waker_started)
                pthread_join(waker, NULL);

        printf("READY %s\n", bootstraps);
        fflush(stdout);

        int sig = 0;
        while (sigwait(&stop_signals, &sig) != 0)
                ;

        rd_kafka_mock_cluster_destroy(mcluster);
        rd_kafka_destroy(rk);
        return 0;
}

/* Worker processes: the master binds one SO_REUSEPORT listening socket per worker before
 * forking (bind errors surface before anything is served; a replacement worker inherits the
 * dead one's socket and its accept queue) and only supervises: it forwards SIGINT/SIGTERM,
 * replaces a worker that died, starts a new one for a worker that recycled itself
 * (max_requests), stops all when one asks to, and gives up on a crash loop. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "http_server_impl.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int worker_exit_code;       /* set in a forked worker when it is done */

int lyger_http_server_worker_exit_code(void)
{
    return worker_exit_code;
}

/* In a forked worker: serves, then returns the exit status the master expects. */
static int worker_main(server *proto, int fd, int index, const sigset_t *oldmask)
{
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    server *s = calloc(1, sizeof(*s));
    if (!s) {
        return 1;
    }
    memcpy(s, proto, sizeof(*s));
    s->worker_index = index;
    s->conns = NULL;
    s->nconns = 0;
    signal(SIGCHLD, SIG_DFL);
    sigprocmask(SIG_SETMASK, oldmask, NULL);
    lyger_http_serve(s, fd);
    if (s->log) {
        fflush(s->log);
    }
    int code = s->fatal ? 255 : s->stop_reason;
    free(s);
    return code;
}

/* The master's view of its workers (one slot per listening socket). */
typedef struct {
    server *proto;
    int *fds;
    int n;
    pid_t *pids;
    uint64_t *born; /* ms, for telling a crash loop from a worker that ran */
    sigset_t oldmask;
} master;

static void master_signal_all(master *m, int sig)
{
    for (int i = 0; i < m->n; i++) {
        if (m->pids[i] > 0) kill(m->pids[i], sig);
    }
}

/* Forks worker i. In the child: keeps only its own socket, runs the worker and
 * returns 1 (worker_exit_code holds its status). In the master: returns 0, and the
 * slot holds the pid (0 when fork failed). */
static int master_spawn(master *m, int i, uint64_t now)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = m->fds[i];
        for (int k = 0; k < m->n; k++) {
            if (k != i) close(m->fds[k]);
            m->fds[k] = -1;
        }
        free(m->pids);
        free(m->born);
        m->pids = NULL;
        m->born = NULL;
        worker_exit_code = worker_main(m->proto, fd, i, &m->oldmask);
        return 1;
    }
    m->pids[i] = pid > 0 ? pid : 0;
    m->born[i] = now;
    return 0;
}

int lyger_http_run_master(server *proto, int *fds, int n)
{
    master mm = {.proto = proto, .fds = fds, .n = n};
    master *m = &mm;
    m->pids = calloc((size_t) n, sizeof(pid_t));
    m->born = calloc((size_t) n, sizeof(uint64_t));
    if (!m->pids || !m->born) {
        free(m->pids);
        free(m->born);
        return -1;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, &m->oldmask);
    int stopping = 0, alive = 0, quick_deaths = 0;
    uint64_t deadline = 0;
    for (int i = 0; i < n; i++) {
        if (master_spawn(m, i, uv_hrtime() / 1000000)) {
            return 1;
        }
        alive += m->pids[i] > 0;
    }
    while (alive > 0) {
        siginfo_t info;
        struct timespec ts = {0, 200 * 1000000};
        int sig = sigtimedwait(&set, &info, &ts);
        uint64_t now = uv_hrtime() / 1000000;
        if ((sig == SIGINT || sig == SIGTERM) && !stopping) {
            stopping = 1;
            deadline = now + STOP_GRACE_MS + 2000;
            master_signal_all(m, SIGTERM);
        }
        for (int i = 0; i < n; i++) {
            int st;
            if (m->pids[i] <= 0 || waitpid(m->pids[i], &st, WNOHANG) != m->pids[i]) {
                continue;
            }
            pid_t dead = m->pids[i];
            m->pids[i] = 0;
            alive--;
            int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            if (code == EXIT_STOP_ALL && !stopping) {
                stopping = 1;
                deadline = now + STOP_GRACE_MS + 2000;
                master_signal_all(m, SIGTERM);
            }
            if (stopping) {
                continue;
            }
            if (code != EXIT_RECYCLE) {
                fprintf(stderr, "Lyger server: worker %d (pid %d) %s %d; starting a new one\n", i,
                        (int) dead, WIFEXITED(st) ? "exited with status" : "was killed by signal",
                        WIFEXITED(st) ? code : WTERMSIG(st));
                if (now - m->born[i] < 1000 && ++quick_deaths > 20) {
                    fprintf(stderr, "Lyger server: workers keep dying at start; stopping\n");
                    stopping = 1;
                    deadline = now + STOP_GRACE_MS + 2000;
                    master_signal_all(m, SIGTERM);
                    continue;
                }
                if (now - m->born[i] < 1000) {
                    usleep(100000);
                }
            }
            if (master_spawn(m, i, now)) {
                return 1;
            }
            alive += m->pids[i] > 0;
        }
        if (stopping && now > deadline) {
            master_signal_all(m, SIGKILL);
            deadline = now + 100000;
        }
    }
    /* Drain signals that arrived while stopping, then restore the caller's mask. */
    siginfo_t info;
    struct timespec zero = {0, 0};
    while (sigtimedwait(&set, &info, &zero) > 0) {
    }
    sigprocmask(SIG_SETMASK, &m->oldmask, NULL);
    free(m->pids);
    free(m->born);
    return 0;
}

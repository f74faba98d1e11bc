/* Listening sockets: the host resolved (a bracketed IPv6 literal accepted), sockets bound with
 * SO_REUSEADDR (and SO_REUSEPORT for workers) with errors that name the address, the port the
 * kernel chose for port 0, and the open-files limit raised for many connections. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "http_server_impl.h"

#include <errno.h>
#include <netdb.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

void lyger_http_raise_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max && rl.rlim_cur < 65536) {
        rl.rlim_cur = rl.rlim_max > 65536 ? 65536 : rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

int lyger_http_resolve_host(const char *host, int port, struct sockaddr_storage *ss, socklen_t *sl,
                            char *err, size_t errlen)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char portstr[16];
    snprintf(portstr, sizeof(portstr), "%d", port);
    const char *h = host;
    char tmp[256];
    size_t hl = strlen(host);
    if (hl > 2 && host[0] == '[' && host[hl - 1] == ']' && hl - 2 < sizeof(tmp)) {
        memcpy(tmp, host + 1, hl - 2);
        tmp[hl - 2] = '\0';
        h = tmp;
    }
    int rc = getaddrinfo(h, portstr, &hints, &res);
    if (rc != 0 || !res) {
        snprintf(err, errlen, "cannot resolve host '%s': %s", host, rc ? gai_strerror(rc) : "no address");
        if (res) {
            freeaddrinfo(res);
        }
        return -1;
    }
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *sl = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

void lyger_http_set_port(struct sockaddr_storage *ss, int port)
{
    if (ss->ss_family == AF_INET) {
        ((struct sockaddr_in *) ss)->sin_port = htons((uint16_t) port);
    } else {
        ((struct sockaddr_in6 *) ss)->sin6_port = htons((uint16_t) port);
    }
}

int lyger_http_bound_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof(ss);
    if (getsockname(fd, (struct sockaddr *) &ss, &sl) != 0) {
        return -1;
    }
    return ss.ss_family == AF_INET ? ntohs(((struct sockaddr_in *) &ss)->sin_port)
                                   : ntohs(((struct sockaddr_in6 *) &ss)->sin6_port);
}

int lyger_http_make_socket(const struct sockaddr_storage *ss, socklen_t sl, int reuseport,
                           int do_listen, const char *host, int port, char *err, size_t errlen)
{
    int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a socket: %s", strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0) {
        snprintf(err, errlen, "SO_REUSEPORT is not available: %s", strerror(errno));
        close(fd);
        return -1;
    }
    if (bind(fd, (const struct sockaddr *) ss, sl) != 0) {
        int e = errno;
        if (e == EADDRINUSE) {
            snprintf(err, errlen, "cannot listen on %s:%d: the address is already in use", host, port);
        } else {
            snprintf(err, errlen, "cannot listen on %s:%d: %s", host, port, strerror(e));
        }
        close(fd);
        return -1;
    }
    if (do_listen && listen(fd, 4096) != 0) {
        snprintf(err, errlen, "cannot listen on %s:%d: %s", host, port, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/*
 * http.c - the daemon: libmicrohttpd with a thread per connection (a request that waits for
 * the database or a match holds only its own connection), TLS through GnuTLS when a
 * certificate is given (required unless the address is loopback), a body limit of 64 KiB
 * (16 MiB for a spreadsheet sent by a signed-in session to the import route),
 * static files of web/ for everything outside /api/, and a clean stop on SIGINT/SIGTERM: no
 * new connections, the requests in flight finish (at most 30 s), then the indexes, jobs and
 * connections are released. A request passes routes_find, then security_admit, then its
 * handler; nothing else decides who may do what. The log line of a request names the route's
 * pattern and the status, never an id or a value.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

#define DRAIN_SECONDS 30
#define CONNECTIONS   512
/* one address holds at most this many of them: a centre's staff behind one router (a browser
 * opens six a host) still fit, one client cannot take every thread */
#define CONNECTIONS_PER_ADDRESS 128
/* a body still arriving after BODY_GRACE_MS must have come at BODY_MIN_RATE bytes a second on
 * average: a slow upload over a poor line passes, a sender of a byte a minute (which the idle
 * timeout never ends) is cut off */
#define BODY_GRACE_MS 30000
#define BODY_MIN_RATE 8192

typedef struct conn_state {
    char *body;
    size_t len, cap;
    size_t limit; /* DESK_BODY_MAX, or DESK_UPLOAD_MAX for an upload (upload_limit) */
    bool too_large;
    struct timespec start;
} conn_state;

static desk g_desk; /* one server per process */
static int g_inflight;
static pthread_mutex_t g_inflight_lock = PTHREAD_MUTEX_INITIALIZER;

static void inflight_add(int delta)
{
    pthread_mutex_lock(&g_inflight_lock);
    g_inflight += delta;
    pthread_mutex_unlock(&g_inflight_lock);
}

static int inflight_now(void)
{
    pthread_mutex_lock(&g_inflight_lock);
    int n = g_inflight;
    pthread_mutex_unlock(&g_inflight_lock);
    return n;
}

/* ---- responses ------------------------------------------------------------------------------ */

static void common_headers(struct MHD_Response *r, bool api, const char *csp)
{
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Content-Security-Policy",
                            csp ? csp
                                : "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
    MHD_add_response_header(r, "Cache-Control", api ? "no-store" : "no-cache");
    if (g_desk.tls)
        MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
}

static enum MHD_Result send_resp(struct MHD_Connection *c, desk_resp *rs)
{
    struct MHD_Response *r = NULL;
    if (rs->file) {
        int fd = open(rs->file, O_RDONLY | O_CLOEXEC);
        if (fd >= 0 && rs->file_temporary)
            unlink(rs->file); /* the open descriptor keeps it until sent */
        struct stat sb;
        if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
            r = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
            if (r && rs->content_type)
                MHD_add_response_header(r, "Content-Type", rs->content_type);
        } else {
            if (fd >= 0)
                close(fd);
            resp_error(rs, 404, "not_found", NULL, "not found");
        }
    }
    if (!r && rs->json) {
        char *text = json_text(rs->json, JSON_COMPACT | JSON_REAL_PRECISION(15));
        if (!text)
            return MHD_NO;
        r = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
        if (r)
            MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
        else
            free(text);
    } else if (!r) {
        r = MHD_create_response_from_buffer(rs->len, rs->body ? rs->body : "",
                                            rs->body ? MHD_RESPMEM_MUST_FREE
                                                     : MHD_RESPMEM_PERSISTENT);
        if (r && rs->body)
            rs->body = NULL; /* MHD frees it */
        if (r && rs->content_type)
            MHD_add_response_header(r, "Content-Type", rs->content_type);
    }
    if (!r)
        return MHD_NO;
    common_headers(r, true, rs->csp);
    if (rs->set_cookie[0])
        MHD_add_response_header(r, "Set-Cookie", rs->set_cookie);
    if (rs->location[0])
        MHD_add_response_header(r, "Location", rs->location);
    if (rs->disposition[0])
        MHD_add_response_header(r, "Content-Disposition", rs->disposition);
    if (rs->allow[0])
        MHD_add_response_header(r, "Allow", rs->allow);
    if (rs->retry_after > 0) {
        char ra[16];
        snprintf(ra, sizeof ra, "%d", rs->retry_after);
        MHD_add_response_header(r, "Retry-After", ra);
    }
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    return ok;
}

static void resp_free(desk_resp *rs)
{
    json_decref(rs->json);
    free(rs->body);
    free(rs->file);
}

/* ---- static files ---------------------------------------------------------------------------- */

static const char *content_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {{".html", "text/html; charset=utf-8"},
                 {".css", "text/css; charset=utf-8"},
                 {".js", "text/javascript; charset=utf-8"},
                 {".json", "application/json; charset=utf-8"},
                 {".svg", "image/svg+xml"},
                 {".png", "image/png"},
                 {".ico", "image/x-icon"},
                 {".woff2", "font/woff2"},
                 {".woff", "font/woff"},
                 {".txt", "text/plain; charset=utf-8"}};
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

static void plain_page(desk_resp *rs, int status, const char *text)
{
    /* a fixed page: nothing from the request is echoed */
    const char *fmt = "<!doctype html><meta charset=utf-8><title>%d</title><p>%s</p>";
    char buf[512];
    int n = snprintf(buf, sizeof buf, fmt, status, text);
    rs->status = status;
    rs->body = strndup(buf, (size_t)n);
    rs->len = rs->body ? (size_t)n : 0;
    rs->content_type = "text/html; charset=utf-8";
}

static void static_file(const char *url, const char *method, desk_resp *rs)
{
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        plain_page(rs, 405, "Method not allowed");
        snprintf(rs->allow, sizeof rs->allow, "GET, HEAD");
        return;
    }
    /* browsers ask for /favicon.ico whatever a page links (the reports served as files do):
       the desk's own icon answers, not a 404 in every console */
    const char *rel = strcmp(url, "/") == 0              ? "/index.html"
                      : strcmp(url, "/favicon.ico") == 0 ? "/img/favicon.svg"
                                                         : url;
    /* no hidden files, no way up, nothing but plain names */
    bool ok = rel[0] == '/' && strlen(rel) < 512 && !strchr(rel, '\\') && !strstr(rel, "/.");
    if (!ok || !g_desk.o.web_dir) {
        plain_page(rs, 404, "Không tìm thấy trang. Page not found.");
        return;
    }
    char path[PATH_MAX], real[PATH_MAX], root[PATH_MAX];
    snprintf(path, sizeof path, "%s%s", g_desk.o.web_dir, rel);
    struct stat sb;
    if (!realpath(g_desk.o.web_dir, root) || !realpath(path, real) ||
        strncmp(real, root, strlen(root)) != 0 || real[strlen(root)] != '/' ||
        stat(real, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        plain_page(rs, 404, "Không tìm thấy trang. Page not found.");
        return;
    }
    rs->status = 200;
    rs->file = strdup(real);
    rs->content_type = content_type(real);
}

/* ---- requests ------------------------------------------------------------------------------ */

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    desk_req *rq = cls;
    if (rq->n_query >= sizeof rq->qnames / sizeof rq->qnames[0]) {
        rq->query_overflow = true;
        return MHD_NO;
    }
    rq->qnames[rq->n_query] = key ? key : "";
    rq->qvalues[rq->n_query++] = value ? value : "";
    return MHD_YES;
}

static void client_address(struct MHD_Connection *c, char *out, size_t size)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    out[0] = '\0';
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)size);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static void api_request(struct MHD_Connection *c, const char *url, const char *method,
                        conn_state *cs, desk_resp *rs, const char **pattern)
{
    desk_req rq;
    memset(&rq, 0, sizeof rq);
    rq.d = &g_desk;
    rq.method = method;
    rq.path = url;
    rq.conn = c;
    snprintf(rq.lang, sizeof rq.lang, "vi");
    client_address(c, rq.client, sizeof rq.client);
    rq.cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "vl_session");
    rq.csrf_header = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
    rq.origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, &rq);

    int status = 404;
    const desk_route *route = routes_find(method, url, &rq, &status, rs->allow, sizeof rs->allow);
    if (!route) {
        if (status == 405)
            resp_error(rs, 405, "method_not_allowed", NULL,
                       tr(&rq, "This method is not allowed here."));
        else
            resp_error(rs, 404, "not_found", NULL, tr(&rq, "No such path."));
        return;
    }
    *pattern = route->pattern;
    rs->allow[0] = '\0';
    bool upload = route->fn == api_import_start;
    bool has_body = strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0;
    if (cs->too_large) {
        resp_error(rs, 413, "too_large", NULL,
                   upload && cs->limit == DESK_UPLOAD_MAX
                       ? tr(&rq, "The file is too large (16 MiB at most).")
                       : tr(&rq, "The body is too large (64 KiB at most)."));
        return;
    }
    if (upload) { /* the file as sent: the importer reads CSV or a workbook by its content */
        rq.upload = cs->body ? cs->body : "";
        rq.upload_len = cs->len;
    } else if (has_body) {
        const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
        if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
            (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
            resp_error(rs, 415, "unsupported_media_type", NULL,
                       tr(&rq, "The body must be application/json."));
            return;
        }
        json_error_t err;
        rq.body = json_loadb(cs->body ? cs->body : "", cs->len,
                             JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK * 0, &err);
        if (!rq.body) {
            resp_error(rs, 400, "bad_request", NULL, tr(&rq, "The body is not valid JSON."));
            return;
        }
    }
    vl_status st = pool_get(g_desk.pool, &rq.ctx, &rq.db);
    if (st != VL_OK) {
        if (!rq.ctx)
            vl_ctx_create(&rq.ctx);
        resp_fail(&rq, rs, st == VL_ERR_NOMEM ? st : VL_ERR_BUSY);
    } else if (security_admit(&g_desk, route, &rq, rs)) {
        /* the library's messages (a form field's reason) in the user's language */
        (void)vl_ctx_set_language(rq.ctx, rq.lang);
        route->fn(&rq, rs);
    }
    pool_put(g_desk.pool, rq.ctx, rq.db);
    json_decref(rq.body);
}

/*
 * The most a request's body may hold, decided before it is read: the import route takes a
 * spreadsheet from a session that proves itself (cookie and anti-forgery token) before a byte
 * of it is kept; everything else, and anyone else, 64 KiB.
 */
static size_t upload_limit(struct MHD_Connection *c, const char *method, const char *url)
{
    if (strcmp(method, "POST") != 0 || strncmp(url, "/api/", 5) != 0)
        return DESK_BODY_MAX;
    desk_req scratch;
    memset(&scratch, 0, sizeof scratch);
    int status;
    char allow[64];
    const desk_route *r = routes_find(method, url, &scratch, &status, allow, sizeof allow);
    if (!r || r->fn != api_import_start)
        return DESK_BODY_MAX;
    const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "vl_session");
    const char *csrf = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
    return security_may_upload(&g_desk, cookie, csrf) ? DESK_UPLOAD_MAX : DESK_BODY_MAX;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)version;
    conn_state *cs = *con_cls;
    if (!cs) {
        cs = calloc(1, sizeof *cs);
        if (!cs)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &cs->start);
        cs->limit = upload_limit(c, method, url);
        *con_cls = cs;
        inflight_add(1);
        return MHD_YES;
    }
    if (*upload_size) {
        double ms = ms_since(&cs->start);
        if (ms > BODY_GRACE_MS && (double)(cs->len + *upload_size) < BODY_MIN_RATE * ms / 1000)
            return MHD_NO; /* the connection is closed; nothing was read into the store */
        if (!cs->too_large && cs->len + *upload_size <= cs->limit) {
            if (cs->len + *upload_size > cs->cap) {
                size_t nc = cs->cap ? cs->cap : 1024;
                while (nc < cs->len + *upload_size)
                    nc *= 2;
                char *b = realloc(cs->body, nc);
                if (!b)
                    return MHD_NO;
                cs->body = b;
                cs->cap = nc;
            }
            memcpy(cs->body + cs->len, upload_data, *upload_size);
            cs->len += *upload_size;
        } else {
            cs->too_large = true; /* read on, answer 413 at the end */
        }
        *upload_size = 0;
        return MHD_YES;
    }
    desk_resp rs;
    memset(&rs, 0, sizeof rs);
    const char *pattern = "static";
    if (strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0)
        api_request(c, url, method, cs, &rs, &pattern);
    else
        static_file(url, method, &rs);
    if (!rs.status)
        rs.status = 200;
    enum MHD_Result r = send_resp(c, &rs);
    /* every request unless quiet; an internal error always, with its reason (the store's
     * messages name records by id and files by path; values are checked before they reach the
     * database, whose messages are its primary ones, without the DETAIL that may quote a row) */
    if (!g_desk.o.quiet || rs.why[0])
        fprintf(stderr, "vieclam serve: %s %s %d %.1f ms%s%s\n", method, pattern, rs.status,
                ms_since(&cs->start), rs.why[0] ? ": " : "", rs.why);
    resp_free(&rs);
    return r;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    conn_state *cs = *con_cls;
    if (!cs)
        return;
    free(cs->body);
    free(cs);
    *con_cls = NULL;
    inflight_add(-1);
}

/* ---- listening --------------------------------------------------------------------------------
 */

static bool is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24) ==
               127;
    if (sa->sa_family == AF_INET6)
        return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr);
    return false;
}

/* "http[s]://HOST[:PORT]" items, commas between: origins as a browser sends them (no path) */
static bool origins_valid(const char *list)
{
    for (const char *p = list;;) {
        size_t len = strcspn(p, ","), skip = strncmp(p, "https://", 8) == 0  ? 8
                                             : strncmp(p, "http://", 7) == 0 ? 7
                                                                             : 0;
        if (!skip || len <= skip || strcspn(p + skip, "/?#@ \t") < len - skip)
            return false;
        if (!p[len])
            return true;
        p += len + 1;
    }
}

/* Opens the listening socket of "HOST:PORT" ("[::1]:PORT" for IPv6). */
static int listen_on(const char *spec, bool *loopback, char *shown, size_t shown_size)
{
    char host[256], port[16];
    const char *colon = strrchr(spec, ':');
    if (!colon || colon == spec || strlen(colon + 1) == 0 || strlen(colon + 1) >= sizeof port)
        return -2;
    size_t hl = (size_t)(colon - spec);
    if (spec[0] == '[' && hl >= 2 && spec[hl - 1] == ']')
        snprintf(host, sizeof host, "%.*s", (int)hl - 2, spec + 1);
    else
        snprintf(host, sizeof host, "%.*s", (int)hl, spec);
    snprintf(port, sizeof port, "%s", colon + 1);
    if (strspn(port, "0123456789") != strlen(port))
        return -2;
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    if (getaddrinfo(host, port, &hints, &res) != 0 || !res)
        return -2;
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    *loopback = is_loopback(res->ai_addr);
    if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 128) != 0) {
        if (fd >= 0)
            close(fd);
        freeaddrinfo(res);
        return -1;
    }
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &sl);
    char addr[INET6_ADDRSTRLEN] = "";
    unsigned p = 0;
    if (ss.ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)(const void *)&ss;
        inet_ntop(AF_INET6, &a->sin6_addr, addr, sizeof addr);
        p = ntohs(a->sin6_port);
        snprintf(shown, shown_size, "[%s]:%u", addr, p);
    } else {
        const struct sockaddr_in *a = (const struct sockaddr_in *)(const void *)&ss;
        inet_ntop(AF_INET, &a->sin_addr, addr, sizeof addr);
        p = ntohs(a->sin_port);
        snprintf(shown, shown_size, "%s:%u", addr, p);
    }
    freeaddrinfo(res);
    return fd;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && len < (1u << 20)) {
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        memcpy(buf + len, chunk, n);
        len += n;
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

/* A line of the server's own to the console, "vieclam serve: " and the message in the language
 * of messages (the catalogue's, as the command line's). */
static void say(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(FILE *f, const char *fmt, ...)
{
    const char *tr = vl_gettext(fmt); /* never NULL: the msgid when there is no translation */
    va_list ap;
    va_start(ap, fmt);
    fputs("vieclam serve: ", f);
    vfprintf(f, tr ? tr : "", ap);
    fputc('\n', f);
    va_end(ap);
}

int desk_serve(const desk_options *o)
{
    /* SIGINT and SIGTERM are blocked before any thread starts, so every thread inherits the
     * mask and only sigwait below receives them (a second signal while draining waits too) */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    memset(&g_desk, 0, sizeof g_desk);
    g_desk.o = *o;
    date_fix_today(o->as_of);
    pthread_mutex_init(&g_desk.centre_lock, NULL);
    pthread_mutex_init(&g_desk.write_lock, NULL);
    if (!o->tls_cert != !o->tls_key) {
        say(stderr, N_("give both --tls-cert and --tls-key, or neither"));
        return 2;
    }
    g_desk.tls = o->tls_cert != NULL;
    bool loopback = false;
    char shown[128];
    int fd = listen_on(o->listen, &loopback, shown, sizeof shown);
    if (fd == -2) {
        say(stderr, N_("--listen wants HOST:PORT (e.g. 127.0.0.1:8080), not '%s'"), o->listen);
        return 2;
    }
    if (fd < 0) {
        say(stderr, N_("cannot listen on %s: %s"), o->listen, strerror(errno));
        return 1;
    }
    if (!loopback && !g_desk.tls) {
        close(fd);
        say(stderr,
            N_("%s is not a loopback address: the desk carries personal data, so it needs TLS "
               "there (--tls-cert FILE --tls-key FILE; scripts/make-lan-cert.sh makes a "
               "certificate for a LAN)"),
            o->listen);
        return 2;
    }
    /* the origins a change may come from: what the desks open, never the Host a client sends */
    char origins[1024];
    const char *scheme = g_desk.tls ? "https" : "http";
    if (o->public_origin) {
        if (!origins_valid(o->public_origin) || strlen(o->public_origin) >= sizeof origins) {
            close(fd);
            say(stderr,
                N_("--public-origin wants the addresses the desks open, such as "
                   "https://desk.example:8443 (scheme, host and port only, commas between), "
                   "not '%s'"),
                o->public_origin);
            return 2;
        }
        snprintf(origins, sizeof origins, "%s", o->public_origin);
    } else if (strncmp(shown, "0.0.0.0:", 8) == 0 || strncmp(shown, "[::]:", 5) == 0) {
        close(fd);
        say(stderr,
            N_("%s is every address of this machine: give --public-origin with the address the "
               "desks open (e.g. https://desk.example:8443), so that a change is taken only from "
               "the desk's own pages"),
            o->listen);
        return 2;
    } else if (loopback)
        snprintf(origins, sizeof origins, "%s://%s,%s://localhost%s", scheme, shown, scheme,
                 strrchr(shown, ':'));
    else
        snprintf(origins, sizeof origins, "%s://%s", scheme, shown);
    char *cert = NULL, *key = NULL;
    if (g_desk.tls && (!(cert = read_file(o->tls_cert)) || !(key = read_file(o->tls_key)))) {
        say(stderr, N_("cannot read %s"), cert ? o->tls_key : o->tls_cert);
        free(cert);
        close(fd);
        return 1;
    }
    /* fair plans and reports: a private directory next to the database */
    if (o->state_dir)
        snprintf(g_desk.state_dir, sizeof g_desk.state_dir, "%s", o->state_dir);
    else
        snprintf(g_desk.state_dir, sizeof g_desk.state_dir, "%s.desk", o->db_path);
    if (mkdir(g_desk.state_dir, 0700) != 0 && errno != EEXIST) {
        say(stderr, N_("cannot create %s: %s"), g_desk.state_dir, strerror(errno));
        free(cert), free(key);
        close(fd);
        return 1;
    }
    chmod(g_desk.state_dir, 0700);

    int rc = 0;
    vl_ctx *ctx = NULL;
    vl_db *db = NULL;
    vl_status st = vl_ctx_create(&ctx);
    /* open once for writing: migrates an older schema before the request threads start */
    if (st == VL_OK)
        st = vl_db_open(ctx, o->db_path, 0, &db);
    if (st == VL_OK) {
        vl_db_counts counts;
        st = vl_db_counts_get(ctx, db, &counts);
    }
    vl_db_close(db);
    struct MHD_Daemon *daemon = NULL;
    if (st != VL_OK) {
        char db_shown[1024];
        vl_db_hide_passwords(o->db_path, db_shown, sizeof db_shown);
        fprintf(stderr, "vieclam serve: %s: %s\n", db_shown, vl_ctx_errmsg(ctx));
        rc = st == VL_ERR_NOTFOUND ? 3 : 1;
        goto out;
    }
    /* the retention rule the admin page applies: read now, so that a missing or broken file
     * stops the start with its name and line instead of failing the page later */
    if (vl_privacy_model_load(ctx, o->privacy_model, &g_desk.privacy) != VL_OK) {
        fprintf(stderr, "vieclam serve: %s\n", vl_ctx_errmsg(ctx));
        rc = 1;
        goto out;
    }
    snprintf(g_desk.centre, sizeof g_desk.centre, "%s", o->centre ? o->centre : "");
    /* a SQLite connection is a file handle: one per request at once; a PostgreSQL one is a
     * process of the server, whose cores run them all: a few more than the cores, each used
     * often enough that the statements it prepared once serve many requests (sized as
     * PostgreSQL's own guidance: twice the cores and a little) */
    size_t conns = o->db_connections;
    if (conns == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        conns = vl_db_is_url(o->db_path) ? 2 * (size_t)(cpus > 0 ? cpus : 1) + 2 : 64;
    }
    g_desk.pool = pool_create(o->db_path, conns, o->provinces);
    g_desk.sec = security_create(o, g_desk.tls, origins);
    if (!g_desk.pool || !g_desk.sec) {
        say(stderr, N_("out of memory"));
        rc = 1;
        goto out;
    }
    g_desk.matcher = matcher_create(ctx, o, &st);
    if (!g_desk.matcher) {
        say(stderr, N_("loading the match index: %s"), vl_ctx_errmsg(ctx));
        rc = 1;
        goto out;
    }
    g_desk.jobs = jobs_create(&g_desk);
    if (!g_desk.jobs) {
        say(stderr, N_("out of memory"));
        rc = 1;
        goto out;
    }

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;
    if (g_desk.tls)
        flags |= MHD_USE_TLS;
    if (g_desk.tls)
        daemon = MHD_start_daemon(
            flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_LISTEN_SOCKET, fd,
            MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_CONNECTION_LIMIT,
            (unsigned)CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
            (unsigned)CONNECTIONS_PER_ADDRESS, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
            MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_HTTPS_MEM_CERT, cert, MHD_OPTION_END);
    else
        daemon =
            MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_LISTEN_SOCKET, fd,
                             MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                             MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTIONS,
                             MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)CONNECTIONS_PER_ADDRESS,
                             MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_END);
    if (!daemon) {
        say(stderr, g_desk.tls ? N_("the HTTP server could not start (are the certificate and "
                                    "key a matching PEM pair?)")
                               : N_("the HTTP server could not start"));
        close(fd);
        rc = 1;
        goto out;
    }
    say(stdout, N_("listening on %s://%s/"), g_desk.tls ? "https" : "http", shown);
    fflush(stdout);

    int sig = 0;
    sigwait(&sigs, &sig);
    if (!o->quiet)
        say(stderr, N_("stopping (signal %d): finishing requests in flight"), sig);
    int lfd = MHD_quiesce_daemon(daemon);
    if (lfd >= 0)
        close(lfd);
    for (int waited = 0; inflight_now() > 0 && waited < DRAIN_SECONDS * 50; waited++)
        usleep(20000);
    MHD_stop_daemon(daemon);
    daemon = NULL;
    /* a job under way (an import) finishes first: "stopped" means nothing is left running */
    if (!o->quiet && jobs_busy(g_desk.jobs))
        say(stderr, N_("waiting for the running job to finish"));
    jobs_destroy(g_desk.jobs);
    g_desk.jobs = NULL;
    if (!o->quiet)
        say(stderr, N_("stopped"));
out:
    jobs_destroy(g_desk.jobs);
    matcher_destroy(g_desk.matcher);
    security_destroy(g_desk.sec);
    pool_destroy(g_desk.pool);
    vl_ctx_destroy(ctx);
    free(cert);
    free(key);
    return rc;
}

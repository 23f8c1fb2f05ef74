/*
 * bench-desk.c - a load generator for `vieclam serve`: N simulated staff sessions, each a
 * thread with its own keep-alive HTTP/1.1 connection to a loopback server (a small client of
 * our own: one request, one response with Content-Length, no pipelining), logging in once and
 * then working for the given time with a think time between requests, in a fixed mix: seeker
 * search (by folded name words, phone prefix or id), a seeker's matches, a vacancy's
 * shortlist, a referral and a seeker registration. A probe thread registers a vacancy made for
 * a known seeker every few seconds and asks for that seeker's matches at once, timing until the
 * new vacancy is listed. Every session logs in first (Argon2id: a login is deliberately slow and
 * happens once a working day), all wait for each other, a warm-up of a few seconds follows
 * (the index of the as-of date is built by the first match), and only then are latencies
 * recorded; errors count from the first request. Every answer other than the one expected is an
 * error. Prints key=value lines: per operation the count, errors and p50/p95/p99/max latency in ms,
 * and the probe's registration-to-match time. Run by benchmarks/run-desk.sh, which builds the data
 * and starts and stops the server. Random choices come from a seeded xorshift per session.
 * With --ids FILE (one id a line, seekers' starting with S, vacancies' with V) the sessions
 * pick from those ids instead of the generator's S0000001..: the records one province's server
 * of a national database holds; --area gives the commune its registrations are made in.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { OP_SEARCH, OP_MATCH, OP_SHORTLIST, OP_REFER, OP_REGISTER, OP_COUNT };
static const char *const op_names[OP_COUNT] = {"search", "match", "shortlist", "referral",
                                               "registration"};
/* the mix, in percent: most of a desk's day is finding people and matching them */
static const int op_weight[OP_COUNT] = {35, 30, 15, 10, 10};

static struct {
    int port;
    int sessions, seconds, think_ms, warmup;
    int seekers, vacancies;
    const char *user, *password, *as_of, *ids, *area;
    uint64_t seed;
    int server_pid; /* > 0: the server's CPU time over the measured window is read from /proc */
} opt = {.sessions = 50,
         .seconds = 60,
         .think_ms = 200,
         .warmup = 5,
         .seekers = 100000,
         .vacancies = 20000,
         .user = "bench",
         .password = "bench-password-1",
         .as_of = "2026-03-01",
         .area = "10507",
         .seed = 2385};

/* --ids: the seekers' and the vacancies' ids to pick from (NULL: the generator's numbering) */
static struct {
    char **v;
    size_t n, cap;
} id_list[2];

static bool read_ids(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char line[128];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        int k = line[0] == 'S' ? 0 : line[0] == 'V' ? 1 : -1;
        if (k < 0)
            continue;
        if (id_list[k].n == id_list[k].cap) {
            id_list[k].cap = id_list[k].cap ? 2 * id_list[k].cap : 4096;
            char **b = realloc(id_list[k].v, id_list[k].cap * sizeof *b);
            if (!b)
                abort();
            id_list[k].v = b;
        }
        if (!(id_list[k].v[id_list[k].n++] = strdup(line)))
            abort();
    }
    fclose(f);
    return id_list[0].n > 0 && id_list[1].n > 0;
}

static bool known_vacancy(const char *id)
{
    for (size_t i = 0; i < id_list[1].n; i++)
        if (!strcmp(id_list[1].v[i], id))
            return true;
    return false;
}

/* The id of seeker (k 0) or vacancy (k 1) number r (any random number) into out. */
static void pick_id(int k, uint64_t r, char *out, size_t size)
{
    if (opt.ids)
        snprintf(out, size, "%s", id_list[k].v[r % id_list[k].n]);
    else if (k == 0)
        snprintf(out, size, "S%07u", (unsigned)(r % (uint64_t)opt.seekers) + 1);
    else
        snprintf(out, size, "V%06u", (unsigned)(r % (uint64_t)opt.vacancies) + 1);
}

typedef struct samples {
    double *ms;
    size_t n, cap;
    size_t errors;
} samples;

typedef struct session {
    int id;
    int fd;
    char cookie[128], csrf[64];
    uint64_t rng;
    samples s[OP_COUNT];
    char first_error[200];
} session;

static volatile int stop_flag, recording;
static pthread_barrier_t logged_in; /* every session and the probe, then main */

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static uint64_t rnd(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static void add(samples *s, double ms)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 1024;
        double *b = realloc(s->ms, s->cap * sizeof *b);
        if (!b)
            abort();
        s->ms = b;
    }
    s->ms[s->n++] = ms;
}

/* ---- a minimal HTTP/1.1 client ----------------------------------------------------------------
 */

static int connect_loopback(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opt.port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static bool send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/*
 * One request on the session's connection (reconnecting once if the server closed it); the
 * body of the answer goes to buf (NUL-terminated, cut at size). Returns the status, or -1.
 */
static int request(session *ss, const char *method, const char *path, const char *body, char *buf,
                   size_t size)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        if (ss->fd < 0 && (ss->fd = connect_loopback()) < 0)
            return -1;
        char head[1024];
        size_t blen = body ? strlen(body) : 0;
        int n = snprintf(head, sizeof head,
                         "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: keep-alive\r\n",
                         method, path, opt.port);
        if (ss->cookie[0])
            n += snprintf(head + n, sizeof head - (size_t)n, "Cookie: %s\r\n", ss->cookie);
        if (body)
            n += snprintf(head + n, sizeof head - (size_t)n,
                          "Content-Type: application/json\r\nX-CSRF-Token: %s\r\n", ss->csrf);
        n += snprintf(head + n, sizeof head - (size_t)n, "Content-Length: %zu\r\n\r\n", blen);
        if (!send_all(ss->fd, head, (size_t)n) || (body && !send_all(ss->fd, body, blen))) {
            close(ss->fd);
            ss->fd = -1;
            continue;
        }
        /* the head of the answer */
        static __thread char in[1 << 20];
        size_t got = 0;
        char *end = NULL;
        while (!(end = got ? strstr(in, "\r\n\r\n") : NULL)) {
            ssize_t r = recv(ss->fd, in + got, sizeof in - 1 - got, 0);
            if (r <= 0)
                break;
            got += (size_t)r;
            in[got] = '\0';
        }
        if (!end) {
            close(ss->fd);
            ss->fd = -1;
            if (got == 0)
                continue; /* closed while idle: try once more on a new connection */
            return -1;
        }
        int status = atoi(in + 9);
        size_t head_len = (size_t)(end + 4 - in), clen = 0;
        const char *cl = strcasestr(in, "\r\nContent-Length:");
        if (cl && cl < end)
            clen = strtoul(cl + 17, NULL, 10);
        const char *sc = strcasestr(in, "\r\nSet-Cookie: vl_session=");
        if (sc && sc < end) {
            size_t k = strcspn(sc + 14, ";\r");
            snprintf(ss->cookie, sizeof ss->cookie, "%.*s", (int)k, sc + 14);
        }
        while (got < head_len + clen && got < sizeof in - 1) {
            ssize_t r = recv(ss->fd, in + got, sizeof in - 1 - got, 0);
            if (r <= 0)
                return -1;
            got += (size_t)r;
        }
        in[got] = '\0';
        snprintf(buf, size, "%s", in + head_len);
        const char *close_hdr = strcasestr(in, "\r\nConnection: close");
        if (close_hdr && close_hdr < end) {
            close(ss->fd);
            ss->fd = -1;
        }
        return status;
    }
    return -1;
}

/* ---- the work -------------------------------------------------------------------------------- */

static const char *const family[] = {"nguyen", "tran", "le", "pham", "hoang", "vu",
                                     "dang",   "bui",  "do", "ho",   "ngo",   "duong"};
static const char *const given[] = {"van an", "thi binh", "minh",    "thi hoa", "duc", "thu",
                                    "hong",   "quang",    "thi lan", "anh",     "hai", "ngoc"};

static bool login(session *ss, char *buf, size_t size)
{
    char body[256];
    snprintf(body, sizeof body, "{\"user\":\"%s\",\"password\":\"%s\"}", opt.user, opt.password);
    int st = request(ss, "POST", "/api/login", body, buf, size);
    const char *c = st == 200 ? strstr(buf, "\"csrf\":\"") : NULL;
    if (!c)
        return false;
    snprintf(ss->csrf, sizeof ss->csrf, "%.43s", c + 8);
    return true;
}

static int pick_op(uint64_t *rng)
{
    int r = (int)(rnd(rng) % 100), acc = 0;
    for (int k = 0; k < OP_COUNT; k++)
        if (r < (acc += op_weight[k]))
            return k;
    return OP_SEARCH;
}

static void fail_note(session *ss, int op, int status, const char *buf)
{
    ss->s[op].errors++;
    if (!ss->first_error[0])
        snprintf(ss->first_error, sizeof ss->first_error, "%s %d %.120s", op_names[op], status,
                 buf);
}

static void *session_main(void *arg)
{
    session *ss = arg;
    char *buf = malloc(1 << 20);
    char path[512], body[2048];
    ss->fd = -1;
    bool in = buf && login(ss, buf, 1 << 20);
    pthread_barrier_wait(&logged_in);
    if (!in) {
        fail_note(ss, OP_SEARCH, 0, "login failed");
        free(buf);
        return NULL;
    }
    int regs = 0;
    while (!stop_flag) {
        int op = pick_op(&ss->rng), want = 200;
        char s[64], v[64];
        pick_id(0, rnd(&ss->rng), s, sizeof s);
        pick_id(1, rnd(&ss->rng), v, sizeof v);
        const char *method = "GET", *payload = NULL;
        switch (op) {
        case OP_SEARCH: {
            unsigned how = (unsigned)(rnd(&ss->rng) % 10);
            if (how < 7) /* folded name words, the common case at a desk */
                snprintf(path, sizeof path, "/api/seekers?size=20&q=%s%%20%s",
                         family[rnd(&ss->rng) % 12], given[rnd(&ss->rng) % 12]);
            else if (how < 9)
                snprintf(path, sizeof path, "/api/seekers?size=20&q=09%02u%02u",
                         (unsigned)(rnd(&ss->rng) % 100), (unsigned)(rnd(&ss->rng) % 100));
            else
                snprintf(path, sizeof path, "/api/seekers?q=%s", s);
            for (char *p = path; *p; p++)
                if (*p == ' ')
                    *p = '+';
            break;
        }
        case OP_MATCH:
            snprintf(path, sizeof path, "/api/seekers/%s/matches?top=10&as_of=%s", s, opt.as_of);
            break;
        case OP_SHORTLIST:
            snprintf(path, sizeof path, "/api/vacancies/%s/shortlist?top=10&as_of=%s", v,
                     opt.as_of);
            break;
        case OP_REFER:
            method = "POST";
            snprintf(path, sizeof path, "/api/referrals");
            snprintf(body, sizeof body, "{\"seeker\":\"%s\",\"vacancy\":\"%s\"}", s, v);
            payload = body;
            want = 201;
            break;
        default:
            method = "POST";
            snprintf(path, sizeof path, "/api/seekers");
            snprintf(body, sizeof body,
                     "{\"name\":\"Nguy\\u1ec5n V\\u0103n Th\\u1eed %d-%d\",\"birth_year\":1995,"
                     "\"gender\":\"male\",\"area\":\"%s\",\"education\":\"upper_secondary\","
                     "\"occupations\":[\"7212\"],\"skills\":[\"H\\u00e0n \\u0111i\\u1ec7n\"],"
                     "\"registered\":\"%s\",\"phone\":\"09%08d\"}",
                     ss->id, regs, opt.area, opt.as_of, ss->id * 100000 + regs);
            regs++;
            payload = body;
            want = 201;
            break;
        }
        double t0 = now_ms();
        int st = request(ss, method, path, payload, buf, 1 << 20);
        double dt = now_ms() - t0;
        if (recording)
            add(&ss->s[op], dt);
        if (st != want)
            fail_note(ss, op, st, buf);
        if (opt.think_ms > 0)
            usleep((useconds_t)(rnd(&ss->rng) % (uint64_t)(2 * opt.think_ms)) * 1000);
    }
    if (ss->fd >= 0)
        close(ss->fd);
    free(buf);
    return NULL;
}

/* ---- the registration probe -------------------------------------------------------------------
 */

/*
 * Replaces the value of a top-level member of a JSON object in place (the value is a string
 * with its escapes, a number or null: what a record of the API holds besides lists, which are
 * never replaced here). false when the member is missing or the text would not fit.
 */
static bool set_member(char *json, size_t size, const char *key, const char *value)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    char *p = strstr(json, pat);
    if (!p)
        return false;
    char *v = p + strlen(pat), *e = v;
    if (*e == '"') {
        for (e++; *e && *e != '"'; e++)
            if (*e == '\\' && e[1])
                e++;
        if (*e)
            e++;
    } else {
        while (*e && *e != ',' && *e != '}')
            e++;
    }
    size_t tail = strlen(e), vl = strlen(value);
    if ((size_t)(v - json) + vl + tail + 1 > size)
        return false;
    memmove(v + vl, e, tail + 1);
    memcpy(v, value, vl);
    return true;
}

typedef struct probe {
    session ss;
    samples lag; /* ms from sending the registration to the match that lists it */
    size_t missed;
} probe;

static void *probe_main(void *arg)
{
    probe *p = arg;
    char *buf = malloc(1 << 20), path[256], body[2048];
    p->ss.fd = -1;
    bool in = buf && login(&p->ss, buf, 1 << 20);
    pthread_barrier_wait(&logged_in);
    if (!in) {
        p->missed++;
        free(buf);
        return NULL;
    }
    int k = 0;
    while (!stop_flag) {
        /* a seeker with matches: copy their best vacancy, raise its wage, register it */
        char s[64];
        pick_id(0, rnd(&p->ss.rng), s, sizeof s);
        snprintf(path, sizeof path, "/api/seekers/%s/matches?top=1&as_of=%s", s, opt.as_of);
        if (request(&p->ss, "GET", path, NULL, buf, 1 << 20) != 200 ||
            !strstr(buf, "\"vacancy\":\"")) {
            usleep(100000);
            continue;
        }
        char vac[70];
        const char *vp = strstr(buf, "\"vacancy\":\"") + 11;
        snprintf(vac, sizeof vac, "%.*s", (int)strcspn(vp, "\""), vp);
        if (opt.ids && !known_vacancy(vac))
            continue; /* another province's vacancy open to this one: not this server's to copy */
        snprintf(path, sizeof path, "/api/vacancies/%s", vac);
        if (request(&p->ss, "GET", path, NULL, buf, 1 << 20) != 200)
            continue;
        /* the vacancy's record with a new id and a better wage (the answer-only members it
         * carries are accepted and ignored by the API). It scores at least as high as the
         * seeker's best; on a tie ranks go by id, so the id sorts before every other (A, then
         * a number that falls as time goes on: before the copies of earlier runs too) */
        char newid[48], want[40];
        snprintf(want, sizeof want, "A%010lld-%05d-%d", 9999999999LL - (long long)time(NULL), k,
                 (int)getpid()); /* the probes of two servers on one database never share one */
        snprintf(newid, sizeof newid, "\"%s\"", want);
        snprintf(body, sizeof body, "%s", buf);
        if (!set_member(body, sizeof body, "id", newid) ||
            !set_member(body, sizeof body, "wage_min", "98000000") ||
            !set_member(body, sizeof body, "wage_max", "99000000") ||
            !set_member(body, sizeof body, "version", "null")) {
            p->missed++;
            continue;
        }
        double t0 = now_ms();
        int st = request(&p->ss, "POST", "/api/vacancies", body, buf, 1 << 20);
        if (st != 201) {
            p->missed++;
            fprintf(stderr, "bench-desk: probe registration %d: %.200s\n", st, buf);
            usleep(500000);
            continue;
        }
        snprintf(path, sizeof path, "/api/seekers/%s/matches?top=10&as_of=%s", s, opt.as_of);
        st = request(&p->ss, "GET", path, NULL, buf, 1 << 20);
        double dt = now_ms() - t0;
        if (st == 200 && strstr(buf, want)) {
            if (recording)
                add(&p->lag, dt);
        } else {
            p->missed++;
            fprintf(stderr, "bench-desk: probe %s not in the next match (%d): %.200s\n", want, st,
                    buf);
        }
        k++;
        for (int i = 0; i < 50 && !stop_flag; i++)
            usleep(100000); /* every 5 s */
    }
    free(buf);
    return NULL;
}

/* The server's user + system CPU time in ms (utime and stime of /proc/PID/stat); -1 unknown. */
static double server_cpu_ms(void)
{
    if (opt.server_pid <= 0)
        return -1;
    char path[64], line[2048];
    snprintf(path, sizeof path, "/proc/%d/stat", opt.server_pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = 0;
    const char *p = strrchr(line, ')'); /* the command name may hold spaces */
    unsigned long long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
        return -1;
    return (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(const samples *s, double q)
{
    if (!s->n)
        return 0;
    size_t i = (size_t)(q * (double)(s->n - 1) + 0.5);
    return s->ms[i < s->n ? i : s->n - 1];
}

int main(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *a = argv[i], *v = argv[i + 1];
        if (!strcmp(a, "--port"))
            opt.port = atoi(v);
        else if (!strcmp(a, "--sessions"))
            opt.sessions = atoi(v);
        else if (!strcmp(a, "--seconds"))
            opt.seconds = atoi(v);
        else if (!strcmp(a, "--server-pid"))
            opt.server_pid = atoi(v);
        else if (!strcmp(a, "--warmup"))
            opt.warmup = atoi(v);
        else if (!strcmp(a, "--think-ms"))
            opt.think_ms = atoi(v);
        else if (!strcmp(a, "--seekers"))
            opt.seekers = atoi(v);
        else if (!strcmp(a, "--vacancies"))
            opt.vacancies = atoi(v);
        else if (!strcmp(a, "--user"))
            opt.user = v;
        else if (!strcmp(a, "--password"))
            opt.password = v;
        else if (!strcmp(a, "--as-of"))
            opt.as_of = v;
        else if (!strcmp(a, "--ids"))
            opt.ids = v;
        else if (!strcmp(a, "--area"))
            opt.area = v;
        else {
            fprintf(stderr, "bench-desk: unknown option %s\n", a);
            return 2;
        }
    }
    if (opt.port <= 0 || opt.sessions < 1 || opt.sessions > 1000 || opt.seconds < 1 ||
        opt.seconds > 3600 || opt.warmup < 0 || opt.warmup > 600) {
        fprintf(stderr,
                "usage: bench-desk --port P [--sessions 50] [--seconds 60] [--think-ms 200]\n"
                "       [--warmup 5]\n"
                "       [--seekers N] [--vacancies N] [--user U --password P] [--as-of D]\n"
                "       [--ids FILE] [--area CODE]\n");
        return 2;
    }
    if (opt.ids && !read_ids(opt.ids)) {
        fprintf(stderr, "bench-desk: %s: no seekers' or no vacancies' ids\n", opt.ids);
        return 2;
    }
    session *ss = calloc((size_t)opt.sessions, sizeof *ss);
    pthread_t *th = calloc((size_t)opt.sessions, sizeof *th);
    probe pr;
    memset(&pr, 0, sizeof pr);
    pr.ss.rng = opt.seed * 7919 + 1;
    pthread_barrier_init(&logged_in, NULL, (unsigned)opt.sessions + 2);
    double l0 = now_ms();
    for (int i = 0; i < opt.sessions; i++) {
        ss[i].id = i;
        ss[i].rng = opt.seed * 1000003u + (uint64_t)i * 7777 + 1;
        pthread_create(&th[i], NULL, session_main, &ss[i]);
    }
    pthread_t pth;
    pthread_create(&pth, NULL, probe_main, &pr);
    pthread_barrier_wait(&logged_in);
    double login_s = (now_ms() - l0) / 1e3;
    sleep((unsigned)opt.warmup);
    double cpu0 = server_cpu_ms();
    recording = 1;
    double t0 = now_ms();
    sleep((unsigned)opt.seconds);
    recording = 0;
    double wall = (now_ms() - t0) / 1e3;
    double cpu1 = server_cpu_ms();
    stop_flag = 1;
    for (int i = 0; i < opt.sessions; i++)
        pthread_join(th[i], NULL);
    pthread_join(pth, NULL);

    printf("bench=desk sessions=%d seconds=%d think_ms=%d seekers=%d vacancies=%d warmup_s=%d"
           " logins_s=%.1f\n",
           opt.sessions, opt.seconds, opt.think_ms, opt.seekers, opt.vacancies, opt.warmup,
           login_s);
    size_t total = 0, errors = 0;
    for (int op = 0; op < OP_COUNT; op++) {
        samples all = {0};
        for (int i = 0; i < opt.sessions; i++) {
            for (size_t k = 0; k < ss[i].s[op].n; k++)
                add(&all, ss[i].s[op].ms[k]);
            all.errors += ss[i].s[op].errors;
        }
        if (all.n)
            qsort(all.ms, all.n, sizeof *all.ms, cmp_d);
        printf("op=%s count=%zu errors=%zu p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
               op_names[op], all.n, all.errors, pct(&all, 0.5), pct(&all, 0.95), pct(&all, 0.99),
               all.n ? all.ms[all.n - 1] : 0.0);
        total += all.n;
        errors += all.errors;
        free(all.ms);
    }
    if (pr.lag.n)
        qsort(pr.lag.ms, pr.lag.n, sizeof *pr.lag.ms, cmp_d);
    printf("probe=registration_to_match count=%zu missed=%zu p50_ms=%.1f max_ms=%.1f\n", pr.lag.n,
           pr.missed, pct(&pr.lag, 0.5), pr.lag.n ? pr.lag.ms[pr.lag.n - 1] : 0.0);
    printf("total requests=%zu errors=%zu requests_per_s=%.1f\n", total, errors,
           (double)total / wall);
    if (cpu0 >= 0 && cpu1 >= cpu0 && total)
        printf("server_cpu_s=%.1f server_cpu_ms_per_request=%.2f\n", (cpu1 - cpu0) / 1e3,
               (cpu1 - cpu0) / (double)total);
    for (int i = 0; i < opt.sessions; i++)
        if (ss[i].first_error[0]) {
            printf("first_error session=%d %s\n", i, ss[i].first_error);
            break;
        }
    for (int i = 0; i < opt.sessions; i++)
        for (int op = 0; op < OP_COUNT; op++)
            free(ss[i].s[op].ms);
    free(pr.lag.ms);
    free(ss);
    free(th);
    pthread_barrier_destroy(&logged_in);
    return errors || pr.missed ? 1 : 0;
}

/*
 * auth.c - the cryptography of accounts: Argon2id password hashes (libsodium's crypto_pwhash
 * with its interactive limits, about 64 MiB and a few tenths of a second, which is what slows a
 * guessing attacker who stole the database), random session and CSRF tokens, keyed digests of
 * tokens (the server keeps digests, not tokens) and constant-time comparison. No SQL here: the
 * users table lives in the store (store/users.c). libsodium is included by this room only.
 */
#include <sodium.h>
#include <string.h>

#include "core/core.h"

static const char *const role_names[VL_ROLE_COUNT] = {"staff", "planner", "admin"};

const char *vl_role_name(vl_role role)
{
    return (int)role >= 0 && role < VL_ROLE_COUNT ? role_names[role] : "?";
}

bool vl_role_parse(const char *name, vl_role *out)
{
    for (int r = 0; name && r < VL_ROLE_COUNT; r++)
        if (strcmp(name, role_names[r]) == 0) {
            *out = (vl_role)r;
            return true;
        }
    return false;
}

/* sodium_init is idempotent and thread-safe; it returns -1 only when no entropy source works. */
static bool ready(void)
{
    return sodium_init() >= 0;
}

bool vl_password_acceptable(const char *password, const char **why)
{
    size_t n = password ? strlen(password) : 0;
    if (n < VL_PASSWORD_MIN) {
        *why = "a password needs at least 10 characters";
        return false;
    }
    if (n > VL_PASSWORD_MAX) {
        *why = "a password may have at most 256 characters";
        return false;
    }
    if (!vl_text_valid_utf8(password, n, NULL)) {
        *why = "a password must be UTF-8 text";
        return false;
    }
    return true;
}

vl_status vl_password_hash(vl_ctx *ctx, const char *password, char out[VL_PW_HASH_SIZE])
{
    const char *why;
    if (!vl_password_acceptable(password, &why))
        return vl__error(ctx, VL_ERR_ARG, "%s", why);
    if (!ready())
        return vl__error(ctx, VL_ERR_INTERNAL, "libsodium could not be initialised");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory hashing a password");
    _Static_assert(crypto_pwhash_STRBYTES <= VL_PW_HASH_SIZE, "hash string fits");
    memcpy(out, hash, sizeof hash);
    sodium_memzero(hash, sizeof hash);
    return VL_OK;
}

bool vl_password_verify(const char *hash, const char *password)
{
    if (!hash || !password || !ready() || strlen(password) > VL_PASSWORD_MAX)
        return false;
    /* the stored string must be NUL-terminated within the size libsodium reads */
    if (strnlen(hash, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES)
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

vl_status vl_token_new(vl_ctx *ctx, char out[VL_TOKEN_SIZE])
{
    if (!ready())
        return vl__error(ctx, VL_ERR_INTERNAL, "libsodium could not be initialised");
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    _Static_assert(VL_TOKEN_SIZE >= 44, "base64url of 32 bytes fits");
    sodium_bin2base64(out, VL_TOKEN_SIZE, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    return VL_OK;
}

void vl_token_digest(const char *token, unsigned char out[32])
{
    (void)ready();
    crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

bool vl_secure_equal(const void *a, const void *b, size_t n)
{
    return sodium_memcmp(a, b, n) == 0;
}

bool vl_user_name_valid(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n < 1 || n > 64)
        return false;
    return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

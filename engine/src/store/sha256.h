/*
 * sha256.h - SHA-256 (FIPS 180-4) for the audit trail: the runs table records the hash of the
 * config file and of every input file, so a result can be traced to exactly what produced it.
 */
#ifndef VL_STORE_SHA256_H
#define VL_STORE_SHA256_H

#include "core/core.h"

typedef struct vl_sha256 {
    uint32_t h[8];
    uint64_t bytes;  /* message length so far */
    uint8_t buf[64]; /* pending partial block */
    size_t nbuf;
} vl_sha256;

void vl__sha256_init(vl_sha256 *s);
void vl__sha256_update(vl_sha256 *s, const void *data, size_t n);
void vl__sha256_final(vl_sha256 *s, uint8_t digest[32]);
/* Lower-case hex of a digest (65 bytes with NUL). */
void vl__sha256_hex(const uint8_t digest[32], char hex[65]);
/* Hex SHA-256 of bytes. */
void vl__sha256_text(const void *data, size_t n, char hex[65]);
/* Hex SHA-256 of a file's content, streamed; VL_ERR_IO when it cannot be read. */
/* HMAC-SHA-256 (RFC 2104) of msg under key: the keyed hashes of pseudonymised exports. */
void vl__hmac_sha256(const void *key, size_t key_len, const void *msg, size_t n, uint8_t mac[32]);
vl_status vl__sha256_file(vl_ctx *ctx, const char *path, char hex[65]);

#endif

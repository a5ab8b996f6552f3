#ifndef FIELD_SEALING_H
#define FIELD_SEALING_H

#include <stddef.h>
#include <stdint.h>

/// An AES-256-GCM key prepared once (its key schedule and GHASH tables) for sealing and opening
/// many short values; safe to use from several threads at once. NULL if the key is refused.
void *safeguard_gcm_key_new(const uint8_t *key, size_t key_length);
void safeguard_gcm_key_free(void *key);

/// Seals `length` bytes into `out` (room for length + 16): the ciphertext, then the 16-byte tag.
/// Returns 1, or 0 on failure.
int safeguard_gcm_seal(const void *key, uint8_t *out, const uint8_t *nonce, const uint8_t *in, size_t length,
                       const uint8_t *associated, size_t associated_length);

/// Opens a ciphertext followed by its tag (`length` bytes, at least 16) into `out` (room for
/// length - 16). Returns 1, or 0 when the tag does not verify.
int safeguard_gcm_open(const void *key, uint8_t *out, const uint8_t *nonce, const uint8_t *in, size_t length,
                       const uint8_t *associated, size_t associated_length);

/// An HMAC-SHA256 key prepared once (the hashes of its inner and outer padded blocks); safe to
/// use from several threads at once. NULL if memory runs out.
void *safeguard_hmac_key_new(const uint8_t *key, size_t key_length);
void safeguard_hmac_key_free(void *key);

/// The HMAC-SHA256 of `first` followed by `second`, written to `out` (32 bytes).
void safeguard_hmac_sha256(const void *key, const uint8_t *first, size_t first_length, const uint8_t *second, size_t second_length,
                           uint8_t out[32]);

#endif

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

#endif

// swift-crypto prepares an AES-GCM key afresh for every value it seals or opens and wraps each
// call in several allocations: sealing a million roster entries spent most of its time there,
// not in AES. These functions keep one prepared BoringSSL context per key instead. The same goes
// for HMAC-SHA256 (RFC 2104): the hashes of the key's two padded blocks are kept, so a short
// value costs two SHA-256 blocks instead of four and no allocation.
//
// BoringSSL is the copy swift-crypto builds into every Safeguard binary (its symbols carry the
// CCryptoBoringSSL_ prefix); swift-crypto does not export its headers, so the few functions used
// are declared here as BoringSSL's aead.h declares them.
#include "FieldSealing.h"

#include <stdlib.h>
#include <string.h>

typedef struct evp_aead_st EVP_AEAD;
typedef struct evp_aead_ctx_st EVP_AEAD_CTX;

const EVP_AEAD *CCryptoBoringSSL_EVP_aead_aes_256_gcm(void);
EVP_AEAD_CTX *CCryptoBoringSSL_EVP_AEAD_CTX_new(const EVP_AEAD *aead, const uint8_t *key, size_t key_len, size_t tag_len);
void CCryptoBoringSSL_EVP_AEAD_CTX_free(EVP_AEAD_CTX *ctx);
int CCryptoBoringSSL_EVP_AEAD_CTX_seal(const EVP_AEAD_CTX *ctx, uint8_t *out, size_t *out_len, size_t max_out_len,
                                       const uint8_t *nonce, size_t nonce_len, const uint8_t *in, size_t in_len,
                                       const uint8_t *ad, size_t ad_len);
int CCryptoBoringSSL_EVP_AEAD_CTX_open(const EVP_AEAD_CTX *ctx, uint8_t *out, size_t *out_len, size_t max_out_len,
                                       const uint8_t *nonce, size_t nonce_len, const uint8_t *in, size_t in_len,
                                       const uint8_t *ad, size_t ad_len);

// SHA256_CTX, laid out as BoringSSL's sha.h declares it.
typedef struct {
    uint32_t h[8];
    uint32_t Nl, Nh;
    uint8_t data[64];
    unsigned num, md_len;
} sha256_state;

int CCryptoBoringSSL_SHA256_Init(sha256_state *sha);
int CCryptoBoringSSL_SHA256_Update(sha256_state *sha, const void *data, size_t len);
int CCryptoBoringSSL_SHA256_Final(uint8_t out[32], sha256_state *sha);
void CCryptoBoringSSL_OPENSSL_cleanse(void *ptr, size_t len);

enum { nonce_length = 12, tag_length = 16, sha256_block = 64, sha256_length = 32 };

void *safeguard_gcm_key_new(const uint8_t *key, size_t key_length) {
    if (key_length != 32) return NULL;
    return CCryptoBoringSSL_EVP_AEAD_CTX_new(CCryptoBoringSSL_EVP_aead_aes_256_gcm(), key, key_length, tag_length);
}

void safeguard_gcm_key_free(void *key) {
    CCryptoBoringSSL_EVP_AEAD_CTX_free((EVP_AEAD_CTX *)key);
}

int safeguard_gcm_seal(const void *key, uint8_t *out, const uint8_t *nonce, const uint8_t *in, size_t length,
                       const uint8_t *associated, size_t associated_length) {
    size_t written = 0;
    return CCryptoBoringSSL_EVP_AEAD_CTX_seal((const EVP_AEAD_CTX *)key, out, &written, length + tag_length, nonce, nonce_length,
                                             in, length, associated, associated_length) == 1 && written == length + tag_length;
}

int safeguard_gcm_open(const void *key, uint8_t *out, const uint8_t *nonce, const uint8_t *in, size_t length,
                       const uint8_t *associated, size_t associated_length) {
    if (length < tag_length) return 0;
    size_t written = 0;
    return CCryptoBoringSSL_EVP_AEAD_CTX_open((const EVP_AEAD_CTX *)key, out, &written, length - tag_length, nonce, nonce_length,
                                             in, length, associated, associated_length) == 1 && written == length - tag_length;
}

struct hmac_key {
    sha256_state inner, outer;
};

void *safeguard_hmac_key_new(const uint8_t *key, size_t key_length) {
    uint8_t block[sha256_block] = {0}, pad[sha256_block];
    sha256_state state;
    if (key_length > sha256_block) {
        CCryptoBoringSSL_SHA256_Init(&state);
        CCryptoBoringSSL_SHA256_Update(&state, key, key_length);
        CCryptoBoringSSL_SHA256_Final(block, &state);
    } else if (key_length > 0) {
        memcpy(block, key, key_length);
    }
    struct hmac_key *prepared = malloc(sizeof *prepared);
    if (prepared) {
        for (int i = 0; i < sha256_block; i++) pad[i] = block[i] ^ 0x36;
        CCryptoBoringSSL_SHA256_Init(&prepared->inner);
        CCryptoBoringSSL_SHA256_Update(&prepared->inner, pad, sha256_block);
        for (int i = 0; i < sha256_block; i++) pad[i] = block[i] ^ 0x5c;
        CCryptoBoringSSL_SHA256_Init(&prepared->outer);
        CCryptoBoringSSL_SHA256_Update(&prepared->outer, pad, sha256_block);
    }
    CCryptoBoringSSL_OPENSSL_cleanse(block, sizeof block);
    CCryptoBoringSSL_OPENSSL_cleanse(pad, sizeof pad);
    CCryptoBoringSSL_OPENSSL_cleanse(&state, sizeof state);
    return prepared;
}

void safeguard_hmac_key_free(void *key) {
    if (!key) return;
    CCryptoBoringSSL_OPENSSL_cleanse(key, sizeof(struct hmac_key));
    free(key);
}

void safeguard_hmac_sha256(const void *key, const uint8_t *first, size_t first_length, const uint8_t *second, size_t second_length,
                           uint8_t out[32]) {
    const struct hmac_key *prepared = key;
    sha256_state state = prepared->inner;
    CCryptoBoringSSL_SHA256_Update(&state, first, first_length);
    CCryptoBoringSSL_SHA256_Update(&state, second, second_length);
    CCryptoBoringSSL_SHA256_Final(out, &state);
    state = prepared->outer;
    CCryptoBoringSSL_SHA256_Update(&state, out, sha256_length);
    CCryptoBoringSSL_SHA256_Final(out, &state);
}

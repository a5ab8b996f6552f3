// swift-crypto prepares an AES-GCM key afresh for every value it seals or opens and wraps each
// call in several allocations: sealing a million roster entries spent most of its time there,
// not in AES. These functions keep one prepared BoringSSL context per key instead.
//
// BoringSSL is the copy swift-crypto builds into every Safeguard binary (its symbols carry the
// CCryptoBoringSSL_ prefix); swift-crypto does not export its headers, so the few functions used
// are declared here as BoringSSL's aead.h declares them.
#include "FieldSealing.h"

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

enum { nonce_length = 12, tag_length = 16 };

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

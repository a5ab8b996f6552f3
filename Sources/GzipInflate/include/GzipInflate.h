#ifndef GZIP_INFLATE_H
#define GZIP_INFLATE_H

#include <stddef.h>
#include <stdint.h>

/// Inflates a whole gzip stream into `out` (capacity `capacity`). Returns the bytes written, or -1
/// when the input is not a valid gzip stream or does not fit.
long sg_gunzip(const uint8_t *input, size_t length, uint8_t *out, size_t capacity);

#endif

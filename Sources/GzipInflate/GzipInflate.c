#include "GzipInflate.h"
#include <zlib.h>

long sg_gunzip(const uint8_t *input, size_t length, uint8_t *out, size_t capacity) {
    z_stream stream = {0};
    // 16 + MAX_WBITS: expect the gzip header and trailer, not a raw zlib stream.
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return -1;
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)length;
    stream.next_out = out;
    stream.avail_out = (uInt)capacity;
    int status = inflate(&stream, Z_FINISH);
    long written = (long)stream.total_out;
    inflateEnd(&stream);
    return status == Z_STREAM_END ? written : -1;
}

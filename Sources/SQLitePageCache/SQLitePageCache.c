// SQLite's default page cache remembers the largest page number it has held since the last
// truncation, and truncating (which every commit does, to the database's size) sweeps the whole
// cache whenever that number lies far beyond the limit. When a B-tree page split puts new pages in
// order, it parks one page for a moment at the number of the "pending byte" page (262,145 with
// 4 KiB pages), so after almost any insert the remembered number is 262,145 and every commit walks
// every cached page: with the writer's 64 MiB cache that was 4 % of a check-in's CPU.
//
// This wrapper keeps its own bound on the page numbers present, leaving out pages parked at the
// pending byte page while they are parked, and passes a truncation on only when a page at or
// beyond the limit may exist. Everything else goes straight to the default cache.
#include "SQLitePageCache.h"
#include <pthread.h>
#include <stdlib.h>

// sqlite3_pcache_methods2 as in sqlite3.h (its layout is part of SQLite's stable interface).
typedef struct sqlite3_pcache sqlite3_pcache;
typedef struct sqlite3_pcache_page sqlite3_pcache_page;
typedef struct {
    int iVersion;
    void *pArg;
    int (*xInit)(void *);
    void (*xShutdown)(void *);
    sqlite3_pcache *(*xCreate)(int szPage, int szExtra, int bPurgeable);
    void (*xCachesize)(sqlite3_pcache *, int nCachesize);
    int (*xPagecount)(sqlite3_pcache *);
    sqlite3_pcache_page *(*xFetch)(sqlite3_pcache *, unsigned key, int createFlag);
    void (*xUnpin)(sqlite3_pcache *, sqlite3_pcache_page *, int discard);
    void (*xRekey)(sqlite3_pcache *, sqlite3_pcache_page *, unsigned oldKey, unsigned newKey);
    void (*xTruncate)(sqlite3_pcache *, unsigned iLimit);
    void (*xDestroy)(sqlite3_pcache *);
    void (*xShrink)(sqlite3_pcache *);
} PageCacheMethods;

enum { CONFIG_PCACHE2 = 18, CONFIG_GETPCACHE2 = 19, RESULT_OK = 0 };
static const unsigned pendingByte = 0x40000000;

extern int sqlite_nio_sqlite3_config(int option, ...);

static PageCacheMethods standard;

typedef struct {
    sqlite3_pcache *inner;
    unsigned parkingKey;  // the pending byte page's number, never a real page
    unsigned maxKey;      // no page other than a parked one has a larger number
    unsigned parked;      // pages moved to parkingKey and not yet moved away
} Cache;

static int initialise(void *arg) { return standard.xInit(standard.pArg); }
static void shutDown(void *arg) { standard.xShutdown(standard.pArg); }

static sqlite3_pcache *createCache(int pageSize, int extraSize, int purgeable) {
    Cache *cache = calloc(1, sizeof(Cache));
    if (!cache) return 0;
    cache->inner = standard.xCreate(pageSize, extraSize, purgeable);
    if (!cache->inner) { free(cache); return 0; }
    cache->parkingKey = pendingByte / (unsigned)pageSize + 1;
    return (sqlite3_pcache *)cache;
}

static Cache *unwrap(sqlite3_pcache *cache) { return (Cache *)cache; }

static void cacheSize(sqlite3_pcache *cache, int pages) { standard.xCachesize(unwrap(cache)->inner, pages); }
static int pageCount(sqlite3_pcache *cache) { return standard.xPagecount(unwrap(cache)->inner); }
static void unpin(sqlite3_pcache *cache, sqlite3_pcache_page *page, int discard) { standard.xUnpin(unwrap(cache)->inner, page, discard); }
static void shrink(sqlite3_pcache *cache) { standard.xShrink(unwrap(cache)->inner); }

static sqlite3_pcache_page *fetch(sqlite3_pcache *cache, unsigned key, int createFlag) {
    Cache *c = unwrap(cache);
    sqlite3_pcache_page *page = standard.xFetch(c->inner, key, createFlag);
    // A page fetched at the parking number (SQLite never does this) simply raises the bound.
    if (page && key > c->maxKey) c->maxKey = key;
    return page;
}

static void rekey(sqlite3_pcache *cache, sqlite3_pcache_page *page, unsigned oldKey, unsigned newKey) {
    Cache *c = unwrap(cache);
    standard.xRekey(c->inner, page, oldKey, newKey);
    if (oldKey == c->parkingKey && c->parked > 0) c->parked -= 1;
    if (newKey == c->parkingKey) c->parked += 1;
    else if (newKey > c->maxKey) c->maxKey = newKey;
}

static void truncatePages(sqlite3_pcache *cache, unsigned limit) {
    Cache *c = unwrap(cache);
    if (c->parked == 0 && limit > c->maxKey) return;  // nothing at or beyond the limit
    standard.xTruncate(c->inner, limit);
    if (limit <= c->parkingKey) c->parked = 0;
    if (limit - 1 < c->maxKey) c->maxKey = limit - 1;
}

static void destroyCache(sqlite3_pcache *cache) {
    standard.xDestroy(unwrap(cache)->inner);
    free(cache);
}

static int installResult;

static void install(void) {
    PageCacheMethods current;
    installResult = sqlite_nio_sqlite3_config(CONFIG_GETPCACHE2, &current);
    if (installResult != RESULT_OK) return;
    standard = current;
    PageCacheMethods wrapper = {current.iVersion, 0, initialise, shutDown, createCache, cacheSize, pageCount, fetch, unpin, rekey,
                                truncatePages, destroyCache, shrink};
    installResult = sqlite_nio_sqlite3_config(CONFIG_PCACHE2, &wrapper);
}

int safeguard_sqlite_install_page_cache(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install);
    return installResult;
}

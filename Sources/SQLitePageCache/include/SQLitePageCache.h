#ifndef SQLITE_PAGE_CACHE_H
#define SQLITE_PAGE_CACHE_H

/// Wraps the page cache of the SQLite that SQLiteNIO links so that a commit does not sweep the
/// whole cache (see SQLitePageCache.c). Must run before SQLite opens its first connection in the
/// process; returns SQLite's result code (SQLITE_MISUSE, 21, if SQLite is already initialised).
int safeguard_sqlite_install_page_cache(void);

#endif

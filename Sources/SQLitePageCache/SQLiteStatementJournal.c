// Inside a transaction, a statement that changes many rows keeps an undo copy of every page it
// first changes, so that it alone can be rolled back. SQLite holds that copy in memory up to
// 64 KiB and then writes it to a temporary file: a 1,500-row INSERT into the registry touches
// thousands of index pages, and writing their copies was a fifth of a million-row import's CPU.
// Raising the limit keeps an import's statements in memory while a statement that rewrites a
// whole large table (replacing a roster of a million) still spills, so memory stays bounded.
// The limit applies to every connection of the process; SQLite reads it when it starts.
#include "SQLiteStatementJournal.h"
#include <pthread.h>

enum { CONFIG_STMTJRNL_SPILL = 26 };

extern int sqlite_nio_sqlite3_config(int option, ...);

static int spillBytes;
static int configureResult;

static void configure(void) {
    configureResult = sqlite_nio_sqlite3_config(CONFIG_STMTJRNL_SPILL, spillBytes);
}

int safeguard_sqlite_statement_journal_spill(int bytes) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    spillBytes = bytes;
    pthread_once(&once, configure);
    return configureResult;
}

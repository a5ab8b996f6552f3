// sqlite3_db_config takes variable arguments, which Swift cannot pass; this file passes them.
// Without the guarantee, SQLite parses a statement again whenever a new value is bound to a
// parameter that its plan could depend on (LIKE patterns, partial-index terms, ...), which
// defeats keeping prepared statements.
#include "SQLiteStablePlans.h"

#define SAFEGUARD_SQLITE_DBCONFIG_ENABLE_QPSG 1007

extern int sqlite_nio_sqlite3_db_config(void *connection, int option, ...);

int safeguard_sqlite_enable_stable_plans(void *connection) {
    int enabled = 0;
    return sqlite_nio_sqlite3_db_config(connection, SAFEGUARD_SQLITE_DBCONFIG_ENABLE_QPSG, 1, &enabled);
}

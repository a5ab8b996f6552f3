#ifndef SQLITE_STABLE_PLANS_H
#define SQLITE_STABLE_PLANS_H

/// Turns on SQLite's query planner stability guarantee (SQLITE_DBCONFIG_ENABLE_QPSG) for a
/// connection of the SQLite that SQLiteNIO links. Returns SQLite's result code.
int safeguard_sqlite_enable_stable_plans(void *connection);

#endif

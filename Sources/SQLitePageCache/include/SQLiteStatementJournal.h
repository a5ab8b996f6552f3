#ifndef SQLITE_STATEMENT_JOURNAL_H
#define SQLITE_STATEMENT_JOURNAL_H

/// How large a statement's undo journal may grow in memory before SQLite writes it to a temporary
/// file (see SQLiteStatementJournal.c). Must run before SQLite opens its first connection in the
/// process; the first call decides. Returns SQLite's result code (SQLITE_MISUSE, 21, if too late).
int safeguard_sqlite_statement_journal_spill(int bytes);

#endif

enum LocaleTables {}

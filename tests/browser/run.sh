#!/bin/sh
# Loads the HTML report in headless Chromium and checks the DOM after its script ran:
# the filter script started, and markup planted in an article did not become elements.
# Usage: run.sh QUOTECHECK SOURCE_DIR WORK_DIR. Exits 77 (skipped) without chromium.
set -u
qc=$1 src=$2 work=$3
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome) || {
  echo "chromium not installed: skipped"
  exit 77
}
rm -rf "$work" && mkdir -p "$work/articles" || exit 1
cp "$src"/data/story/*.txt "$work/articles/" || exit 1
cat > "$work/articles/99-hostile.txt" <<'ARTICLE'
---
outlet: "Hostile <img src=x onerror=\"document.documentElement.setAttribute('data-pwned','1')\"> Times"
url: "javascript:document.documentElement.setAttribute('data-pwned','2')"
---
Iran and world powers strike nuclear deal

"It is a sign of hope for the entire world <script>document.documentElement.setAttribute('data-pwned','3')</script>, and we all know this is very much needed in these times," said Federica Mogherini.
ARTICLE
"$qc" check --no-config --format html -o "$work/report.html" "$work/articles"
rc=$?
[ "$rc" -le 1 ] || { echo "quotecheck exited $rc"; exit 1; }
timeout 45 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
  --user-data-dir="$work/profile" --dump-dom "file://$work/report.html" > "$work/dom.html" 2> "$work/browser.log"
rc=$?
[ "$rc" -eq 0 ] || { echo "chromium exited $rc"; tail -5 "$work/browser.log"; exit 1; }
fail=0
grep -q 'data-filter="ready"' "$work/dom.html" || { echo "the filter script did not run"; fail=1; }
if grep -q 'data-pwned=' "$work/dom.html"; then echo "article markup ran"; fail=1; fi
if grep -q '<img' "$work/dom.html"; then echo "article markup became an element"; fail=1; fi
grep -q 'id="statements"' "$work/dom.html" || { echo "no statements section"; fail=1; }
[ "$fail" -eq 0 ] && echo "ok: $(wc -c < "$work/dom.html") bytes of DOM"
exit $fail

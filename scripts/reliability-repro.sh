#!/usr/bin/env bash
# Re-runs the command-line reproductions of the reliability probe (review of 2026-11-30,
# failures F1-F20) against a build of Clausier and prints one line per case: PASS or FAIL
# with what was seen. DOCX files are checked with Python's strict XML parser (expat refuses
# the characters XML 1.0 forbids, as Word, LibreOffice and python-docx do) and, when soffice
# is installed, converted by LibreOffice. The window cases (recovery, two windows, save
# conflict, 1 MB title, no file dialog) are covered by tests/it/recovery.rs.
#
# Usage: scripts/reliability-repro.sh [path/to/clausier]   (default: target/release/clausier)
set -uo pipefail
cd "$(dirname "$0")/.."
B=${1:-target/release/clausier}
B=$(realpath "$B")
S=$(realpath assets/scenarios/renovation-ecole.ron)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
pass=0
fail=0
ok() { pass=$((pass + 1)); printf 'PASS  %-5s %s\n' "$1" "$2"; }
ko() { fail=$((fail + 1)); printf 'FAIL  %-5s %s\n' "$1" "$2"; }
run() { timeout 60 "$B" "$@" >out.txt 2>err.txt; echo $?; }

valid_docx() {
  python3 - "$1" <<'PY' || return 1
import sys, zipfile, xml.dom.minidom
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in z.namelist():
        if name.endswith(".xml") or name.endswith(".rels"):
            xml.dom.minidom.parseString(z.read(name))
PY
  if command -v soffice >/dev/null 2>&1; then
    rm -f "${1%.docx}.pdf"
    timeout 120 soffice --headless --convert-to pdf --outdir "$(dirname "$1")" "$1" >/dev/null 2>&1
    [ -s "${1%.docx}.pdf" ] || return 1
  fi
}

docx_text() {
  python3 - "$1" <<'PY'
import sys, zipfile, xml.dom.minidom
doc = xml.dom.minidom.parseString(zipfile.ZipFile(sys.argv[1]).read("word/document.xml"))
print("".join(t.firstChild.data for t in doc.getElementsByTagName("w:t") if t.firstChild))
PY
}

# F1: an output equal to the project.
mkdir o
for args in "generate P -o P --format docx" "generate P -o P --format md" "brief P -o P --format docx" \
  "export --format eforms P -o P" "generate P -o o/../o/./proj.ron --format docx" "generate P -o P"; do
  cp "$S" o/proj.ron
  before=$(sha256sum <o/proj.ron)
  rc=$(run ${args//P/o\/proj.ron})
  after=$(sha256sum <o/proj.ron)
  if [ "$rc" = 2 ] && [ "$before" = "$after" ]; then ok F1 "$args: rc 2, project intact"
  else ko F1 "$args: rc $rc, $(head -c 200 err.txt)"; fi
done

# F2: control characters and entities in every part.
mkdir repro
for payload in 'Lot A\\u{b}B' 'Lot \&#x1;' 'A\\u{1}\\u{8}\\u{c}\\u{1f}\\u{0}\\u{fffe}\\u{ffff}B'; do
  sed "s/Curage, démolitions intérieures/$payload/; s/reference: \"2027-TRX-004\"/reference: \"$payload\"/; s/author: \"Direction/author: \"$payload/" "$S" >repro/ctl.ron
  for cmd in generate brief; do
    rc=$(run $cmd repro/ctl.ron -o repro/ctl.docx)
    if [ "$rc" = 0 ] && valid_docx repro/ctl.docx; then ok F2 "$cmd with « $payload »: valid DOCX"
    else ko F2 "$cmd with « $payload »: rc $rc or invalid DOCX"; fi
  done
done

# F6/F7: organisation templates.
tpl() { mkdir -p "t/$1"; printf '[(id: "rc.allotissement", title: "Maison", piece: Rc, order: 100, scope: Once, trigger: "T.", explanation: "E.", variables: ["allotment", "lots"], body: r#"%s"#)]' "$2" >"t/$1/a.ron"; }
tpl t11a '{{ lots[999].title }}'
tpl t02 '{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}'
tpl t06 '{% include "../../etc/passwd" %}'
tpl t10b '{{ debug() }}'
tpl t26 'Texte \u0001\u0008\u000b\u000c\u001f\ufffe'
for t in t11a t02 t06 t10b t26; do
  rc=$(run generate "$S" --templates "t/$t" -o "$t.docx")
  if [ "$rc" = 0 ] && valid_docx "$t.docx" && ! docx_text "$t.docx" | grep -q "State {"; then
    ok F6 "$t: rc 0, valid DOCX, $(grep -o 'la clause fournie[^;]*' err.txt | head -1)"
  else ko F6 "$t: rc $rc $(head -c 200 err.txt)"; fi
done
tpl t42 '{% for i in range(3) %}{{ i }}{% endfor %} {{ lots|length }} {{ allotment.allotted }}'
tpl t43 '{% set ns = namespace(n=0) %}{{ ns.n }} {{ lots|length }} {{ allotment.allotted }}'
for t in t42 t43; do
  rc=$(run templates check "t/$t")
  if [ "$rc" = 0 ]; then ok F7 "templates check $t: accepted"; else ko F7 "$t: rc $rc $(head -c 200 err.txt)"; fi
done
rc=$(run templates check t/t10b)
grep -q "la clause fournie « rc.allotissement » est utilisée" err.txt && [ "$rc" = 1 ] \
  && ok F7 "templates check t10b: says the bundled clause is used, as generate does" || ko F7 "t10b check: rc $rc"

# F9: permissions and links.
echo old >o/existing.docx; chmod 644 o/existing.docx
run generate "$S" -o o/existing.docx >/dev/null
[ "$(stat -c %a o/existing.docx)" = 644 ] && ok F9 "replaced file keeps 0644" || ko F9 "mode $(stat -c %a o/existing.docx)"
rm -f o/umask002.ron
(umask 002; "$B" new -o o/umask002.ron >/dev/null 2>&1)
[ "$(stat -c %a o/umask002.ron)" = 664 ] && ok F9 "new under umask 002: 0664" || ko F9 "mode $(stat -c %a o/umask002.ron)"
echo x >o/real.docx; ln -sf real.docx o/link.docx
run generate "$S" -o o/link.docx >/dev/null
[ -L o/link.docx ] && valid_docx o/real.docx && ok F14 "symlink kept, target updated" || ko F14 "link replaced"

# F10: 10 000 lots and a 10 MB lot title.
python3 - "$S" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
start = s.index("lots: [") + len("lots: [")
end = s.index("\n        ],", start)
lots = re.findall(r"\n            \(\n.*?\n            \),", s[start:end], re.S)
body = "".join(re.sub(r"number: \d+", f"number: {i + 1}", lots[i % 6], count=1) for i in range(10000))
open("lots10000.ron", "w").write(s[:start] + body + s[end:])
open("title10m.ron", "w").write(s.replace("Curage, démolitions intérieures", "A" * 10_000_000, 1))
PY
for f in lots10000 title10m; do
  rc=$(timeout 600 "$B" generate --force $f.ron -o $f.docx >out.txt 2>err.txt; echo $?)
  if [ "$rc" -le 1 ] && [ -s $f.docx ]; then ok F10 "$f: rc $rc, $(du -h $f.docx | cut -f1) DOCX"
  else ko F10 "$f: rc $rc $(head -c 200 err.txt)"; fi
done
rc=$(timeout 600 "$B" brief lots10000.ron -o brief10000.docx >out.txt 2>err.txt; echo $?)
[ "$rc" = 0 ] && ok F10 "brief of 10 000 lots: rc 0" || ko F10 "brief: rc $rc $(head -c 200 err.txt)"

# F11: numbers that make no sense.
sed 's/advance_percent: 10.0/advance_percent: NaN/' "$(dirname "$S")/espaces-verts.ron" >repro/nan.ron
sed 's/penalty_per_hour_cents: 4000/penalty_per_hour_cents: -4000/' "$S" >repro/neg.ron
sed 's/retention_percent: 3.0/retention_percent: 1e308/' "$(dirname "$S")/renouvellement-urbain.ron" >repro/ret.ron
sed 's/duration_months: 14/duration_months: 4294967295/' "$S" >repro/dur.ron
sed '0,/lot: 1,/s//lot: 99,/' "$(dirname "$S")/materiel-informatique.ron" >repro/exc.ron
for f in nan neg ret dur exc; do
  rc=$(run generate repro/$f.ron -o repro/$f.docx)
  if [ "$rc" = 2 ] && [ ! -e repro/$f.docx ]; then ok F11 "$f: rc 2, $(cut -d: -f2- err.txt | head -c 120)"
  else ko F11 "$f: rc $rc"; fi
done

# F12: a line break in a lot title.
sed 's/Curage, démolitions intérieures/Lot A\\nB/' "$S" >repro/nl.ron
run generate repro/nl.ron -o repro/nl.md >/dev/null
grep -q '^| 1 | Lot A B | Travaux' repro/nl.md && ok F12 "the table row stays whole" || ko F12 "$(grep -m1 'Lot A' repro/nl.md)"

# F15: BOM.
printf '\xef\xbb\xbf' | cat - "$S" >repro/bom.ron
[ "$(run check repro/bom.ron)" = 0 ] && ok F15 "BOM accepted" || ko F15 "$(cat err.txt)"

# F16: FIFOs.
mkfifo fifo.ron; mkdir -p t/t16; mkfifo t/t16/a.ron
rc=$(run check fifo.ron); [ "$rc" = 2 ] && ok F16 "check FIFO: rc 2 at once" || ko F16 "check FIFO: rc $rc"
rc=$(run templates check t/t16); [ "$rc" = 1 ] && ok F16 "templates check with a FIFO: rc 1 at once" || ko F16 "rc $rc"
rc=$(run generate "$S" --templates t/t16 -o t16.docx); [ "$rc" = 0 ] && ok F16 "generate with a FIFO template: rc 0" || ko F16 "rc $rc"

# F17: Markdown in user text.
sed 's/Curage, démolitions intérieures/Lot *étoile* [lien](javascript:alert(1)) \&lt; \&eacute; \&#128512;/' "$S" >repro/md.ron
run generate repro/md.ron -o repro/md.docx >/dev/null
docx_text repro/md.docx | grep -qF 'Lot *étoile* [lien](javascript:alert(1)) &lt; &eacute; &#128512;' \
  && ok F17 "printed as typed" || ko F17 "Markdown interpreted"

# F18: messages.
head -c 4000 "$S" >repro/trunc.ron
run check repro/trunc.ron >/dev/null; grep -q "fin de fichier inattendue" err.txt && ok F18 "truncation: $(head -c 90 err.txt)" || ko F18 "$(cat err.txt)"
sed 's/launch_date: "2027-01-18"/launch_date: "2026-13-01"/' "$S" >repro/date.ron
run check repro/date.ron >/dev/null; grep -q "date invalide : 2026-13-01" err.txt && ok F18 "date: $(cut -d: -f4- err.txt | head -c 60)" || ko F18 "$(cat err.txt)"
mkdir -p o/adir
run generate "$S" -o o/adir/ --format docx >/dev/null; grep -q "os error" err.txt && ko F18 "$(cat err.txt)" || ok F18 "-o dir/: $(head -c 100 err.txt)"
run generate "$S" -o "" >/dev/null; grep -q "valeur vide" err.txt && ok F18 "-o '': $(head -1 err.txt)" || ko F18 "$(cat err.txt)"
run procedure --nature travaux --buyer collectivite --amount -5 >/dev/null; grep -q "négatif" err.txt && ok F18 "--amount -5: $(head -1 err.txt)" || ko F18 "$(cat err.txt)"
rc=$(run generate "$S" -o o/x.pdf); [ "$rc" = 2 ] && [ ! -e o/x.pdf ] && ok F18 "-o x.pdf refused with the formats" || ko F18 "rc $rc"
"$B" generate --help >help.txt 2>&1
grep -q "Affiche l'aide" help.txt && [ "$(grep -c Options help.txt)" = 1 ] && ! grep -q "Print" help.txt \
  && ok F18 "help in French, one Options section" || ko F18 "help: $(grep -n 'Options\|Print' help.txt)"

# F19: temporary litter after a kill during a write.
mkdir kill
killed=0
for attempt in 1 2 3; do
  "$B" generate --force lots10000.ron -o kill/target.docx >/dev/null 2>&1 &
  pid=$!
  # Killed as soon as its temporary file appears, as in the probe.
  for _ in $(seq 1 2000); do
    if ls kill/.target.docx.clausier-tmp-* >/dev/null 2>&1; then kill -9 $pid 2>/dev/null && killed=$((killed + 1)); break; fi
    kill -0 $pid 2>/dev/null || break
    sleep 0.005
  done
  wait $pid 2>/dev/null
done
litter=$(ls -A kill | grep -c clausier-tmp)
touch -d '1 hour ago' kill/.target.docx.clausier-tmp-* 2>/dev/null
run generate "$S" -o kill/other.docx >/dev/null
left=$(ls -A kill | grep -c clausier)
[ "$left" = 0 ] && ok F19 "$killed writes killed, $litter temporary files, none left after the next write" || ko F19 "$left temporary files"

# F20: upper-case extension and duplicate ids.
mkdir -p t/t34 t/t19
printf '[(id: "rc.groupements", title: "G", piece: Rc, order: 500, scope: Once, trigger: "T.", explanation: "E.", variables: ["buyer"], body: "VERSION B de {{ buyer.name }}")]' >t/t34/b.RON
cp t/t34/b.RON t/t19/b.ron; sed 's/VERSION B/VERSION A/' t/t34/b.RON >t/t19/a.ron
run templates check t/t34 >/dev/null; grep -q "1 clause(s)" out.txt && ok F20 "b.RON read" || ko F20 "$(cat out.txt err.txt)"
run templates check t/t19 >/dev/null; grep -q "définit le même identifiant" err.txt && ok F20 "duplicate id reported" || ko F20 "$(cat err.txt)"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]

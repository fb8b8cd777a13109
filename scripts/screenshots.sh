#!/usr/bin/env bash
# Screenshots of the views the README shows, in a real window under Xvfb, at the two sizes the
# app is reviewed at: 1366×768 (a laptop) and 1920×1080 (a projector). Files are named
# « VIEW-WIDTHxHEIGHT.png » in docs/screenshots/, for a person to look at before committing.
# Needs xvfb, libgl1-mesa-dri, imagemagick, xdotool.
#
#   scripts/screenshots.sh [SCENARIO] [OUTPUT_DIR]
#   SIZES="1366x768" SCREENSHOT_DISPLAY=:95 scripts/screenshots.sh
#
# Views are reached through the command palette (Ctrl+K) and the keyboard wherever possible, so
# that a change of layout does not send a click elsewhere. The remaining clicks are the step
# list (fixed rows at the top of the left column), the import buttons of the programme and
# indicators views, and the window's own file chooser (centred).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scenario=${1:-assets/scenarios/renovation-ecole.ron}
out=${2:-docs/screenshots}
sizes=${SIZES:-1366x768 1920x1080}
display=${SCREENSHOT_DISPLAY:-:97}
mkdir -p "$out"
cargo build --quiet
export DISPLAY=$display

xvfb=
app=
data=
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
  [ -n "$data" ] && rm -rf "$data"
  return 0
}
trap cleanup EXIT

# Starts the app on a fresh data folder (no recovery offer, no preferences from the developer's
# own use), sized to the whole screen.
start() {
  data=$(mktemp -d)
  XDG_DATA_HOME="$data" LIBGL_ALWAYS_SOFTWARE=1 target/debug/clausier "$@" >>"${SCREENSHOT_LOG:-/dev/null}" 2>&1 &
  app=$!
  sleep 5
  window=$(xdotool search --name Clausier | head -n1)
  xdotool windowsize "$window" "$W" "$H" windowmove "$window" 0 0
  sleep 1
  xdotool windowfocus --sync "$window" 2>/dev/null || true
}

stop() {
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  app=
  rm -rf "$data"
  data=
}

shoot() {
  xdotool mousemove $((W - 1)) $((H - 1))
  sleep 0.7
  import -window root "$out/$1-${W}x${H}.png"
}

# A command by the start of its name in the palette (accents are optional there).
palette() {
  xdotool key ctrl+k
  sleep 0.5
  xdotool type --delay 30 "$1"
  sleep 0.4
  xdotool key Return
  sleep 1.5
}

# The window's own file chooser (there is no XDG portal under Xvfb): the path typed into
# « Nom du fichier », then « Ouvrir ». The dialog is centred on the window.
choose_file() {
  local cx=$((W / 2)) cy=$((H / 2))
  xdotool mousemove $((cx - 8)) $((cy + 40)) click 1
  sleep 0.3
  xdotool type --delay 10 "$1"
  sleep 1
  xdotool mousemove $((cx - 254)) $((cy + 63)) click 1
  sleep 3
}

for size in $sizes; do
  W=${size%x*}
  H=${size#*x}
  Xvfb "$display" -screen 0 "${W}x${H}x24" >/dev/null 2>&1 &
  xvfb=$!
  sleep 1

  # First start, no project: the welcome screen.
  start
  shoot accueil
  stop

  start "$scenario"
  # The seven steps, from the step list (one row every 31 px).
  for step in 1 2 3 4 5 6 7; do
    xdotool mousemove 125 $((71 + 31 * (step - 1))) click 1
    sleep 1
    shoot "etape-$step"
  done
  palette "bibliotheque de clauses"
  shoot vue-bibliotheque
  palette "scenarios et notes"
  shoot vue-scenarios
  # The quiz after a wrong or right answer (key 2): the colours and words of the reveal.
  palette "quiz"
  xdotool key 2
  sleep 1
  shoot vue-quiz
  palette "quiz en salle"
  shoot vue-quiz-salle
  xdotool key Escape
  sleep 1

  # The programme and the indicators with the invented example files. The import button sits
  # under the view's introduction: two lines high (y = 104), except the programme's at 1920 px,
  # which fits on one line (y = 89).
  palette "programme d'achats"
  xdotool mousemove 320 $((W < 1600 ? 104 : 89)) click 1
  sleep 1
  choose_file "$root/docs/exemples/programme-exemple.csv"
  shoot vue-programme
  palette "indicateurs"
  xdotool mousemove 320 104 click 1
  sleep 1
  choose_file "$root/docs/exemples/decp-exemple.json"
  shoot vue-indicateurs

  # The presentation (F5) of the first case of the list, on its « Et si… ? » slide (the ninth,
  # after the session's goals, three law slides and three slides of the case), the second lot
  # switched to « sans levier » (Down, S); the comparison then shows the same change.
  palette "scenarios et notes"
  xdotool key F5
  sleep 1.5
  for _ in 1 2 3 4 5 6 7 8; do
    xdotool key Right
    sleep 0.4
  done
  xdotool key Down s
  sleep 2
  shoot vue-presentation
  xdotool key Escape
  sleep 1
  palette "comparer deux choix"
  shoot vue-comparer-variante
  stop

  kill "$xvfb" 2>/dev/null || true
  wait "$xvfb" 2>/dev/null || true
  xvfb=
done
echo "screenshots in $out"

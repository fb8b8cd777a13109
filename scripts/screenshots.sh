#!/usr/bin/env bash
# Screenshots of every wizard step under Xvfb at 1280×800, with a scenario open, for a
# person to look at (docs/screenshots/). Needs xvfb, libgl1-mesa-dri, imagemagick, xdotool.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-assets/scenarios/renovation-ecole.ron}
out=${2:-docs/screenshots}
mkdir -p "$out"
cargo build --quiet
export DISPLAY=:97
Xvfb :97 -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
data=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$data"' EXIT
sleep 1
# A private data folder: no recovery offer or preferences from the developer's own use.
XDG_DATA_HOME="$data" LIBGL_ALWAYS_SOFTWARE=1 target/debug/clausier "$scenario" &
app=$!
sleep 4
window=$(xdotool search --name Clausier | head -n1)
xdotool windowsize "$window" 1280 800 windowmove "$window" 0 0
sleep 1
VIEWS_TOP=${VIEWS_TOP:-315}
# Click each step in the navigator (left column, one row every 31 px).
for step in 1 2 3 4 5 6 7; do
  xdotool mousemove 125 $((71 + 31 * (step - 1))) click 1
  sleep 1
  xdotool mousemove 1279 799
  sleep 0.5
  import -window root "$out/etape-$step.png"
done
# The views listed under « Autres vues » (one row every 30 px below the steps).
views=(bibliotheque scenarios comparer quiz)
for i in "${!views[@]}"; do
  xdotool mousemove 125 $((VIEWS_TOP + 30 * i)) click 1
  sleep 1.5
  xdotool mousemove 1279 799
  sleep 0.5
  import -window root "$out/vue-${views[$i]}.png"
  if [ "${views[$i]}" = comparer ]; then
    # Reserve the first lot (« Lot réservé » of the first row) and look again.
    xdotool mousemove 714 178 click 1
    sleep 2
    xdotool mousemove 1279 799
    import -window root "$out/vue-comparer-variante.png"
  fi
done
# The projector view, from the scenario list (F5), on the « Et si… ? » slide with a lever
# changed on the second lot.
xdotool windowfocus --sync "$window" 2>/dev/null || true
xdotool key --window "$window" F5
sleep 1
for _ in 1 2 3 4 5; do xdotool key Right; sleep 0.3; done
xdotool key Down s
sleep 1.5
import -window root "$out/vue-presentation.png"
echo "screenshots in $out"

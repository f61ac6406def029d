#!/usr/bin/env bash
# Baut den Familienwegweiser (prüfen, Website, Druckhefte) und legt ihn auf den eigenen Webserver.
# Findet die Prüfung einen Fehler, wird nichts kopiert: die Website bleibt, wie sie war.
#
# Einmal einrichten, auf dem Rechner, der baut (Debian/Ubuntu):
#   1. sudo apt-get install git rsync python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-dejavu-core
#   2. Im Projektordner: python3 -m venv .venv
#      (dieses Skript installiert darin das Programm in der Version aus requirements.txt)
#   3. Ein SSH-Schlüssel ohne Passwort, nur für diese Aufgabe, den der Webserver annimmt:
#        ssh-keygen -t ed25519 -N "" -f ~/.ssh/wegweiser
#        ssh-copy-id -i ~/.ssh/wegweiser.pub benutzer@server
#      und in ~/.ssh/config:
#        Host server
#          IdentityFile ~/.ssh/wegweiser
#   4. Ausprobieren: WEGWEISER_ZIEL=benutzer@server:/var/www/familie/ ./veroeffentlichen.sh
#
# Jede Nacht um 02:30 Uhr neu bauen (damit „jetzt geöffnet“, Fristen und Termine stimmen), mit „crontab -e“:
#   30 2 * * * cd /pfad/zum/projekt && git pull -q --ff-only && WEGWEISER_ZIEL=benutzer@server:/var/www/familie/ ./veroeffentlichen.sh >> veroeffentlichen.log 2>&1
#
# Programmversion: requirements.txt nennt sie. Eine neue Version bewusst übernehmen: die Zeile dort ändern,
# „.venv/bin/wegweiser check .“ und „.venv/bin/wegweiser serve .“ ansehen, dann dieses Skript laufen lassen.
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${WEGWEISER_ZIEL:-}" ]; then
  echo "veroeffentlichen.sh: Fehler: WEGWEISER_ZIEL ist nicht gesetzt. Geben Sie an, wohin die Website kopiert" \
       "wird, z. B.: WEGWEISER_ZIEL=benutzer@server:/var/www/familie/ ./veroeffentlichen.sh" >&2
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  echo "veroeffentlichen.sh: Fehler: $PWD/.venv fehlt. Einmal einrichten: python3 -m venv .venv" >&2
  exit 2
fi
# rsync löscht im Ziel, was die Website nicht mehr hat: darum nur in einen neuen oder leeren Ordner oder einen,
# in den schon ein Familienwegweiser veröffentlicht wurde (erkennbar an der Datei .wegweiser-site). Lässt sich
# das Ziel nicht ansehen (Server nicht erreichbar, keine Rechte), wird nichts gebaut und nichts kopiert; nur ein
# Ordner, den es noch nicht gibt, ist in Ordnung (rsync legt ihn an).
case "$WEGWEISER_ZIEL" in
  *:) ansehen="$WEGWEISER_ZIEL./" ;;  # „server:“ ist der Home-Ordner auf dem Server, nicht „/“
  *) ansehen="${WEGWEISER_ZIEL%/}/" ;;
esac
meldungen=$(mktemp)
trap 'rm -f "$meldungen"' EXIT
if liste=$(rsync --list-only "$ansehen" 2> "$meldungen"); then
  namen=$(printf '%s\n' "$liste" | awk '$NF != "." {print $NF}')
  if [ -n "$namen" ] && ! printf '%s\n' "$namen" | grep -qx '[.]wegweiser-site'; then
    echo "veroeffentlichen.sh: Fehler: $WEGWEISER_ZIEL ist nicht leer und enthält keinen Familienwegweiser" \
         "(.wegweiser-site fehlt). rsync würde dort alles löschen, was nicht zur Website gehört. Nennen Sie" \
         "einen leeren Ordner, der nur dem Wegweiser gehört." >&2
    exit 2
  fi
elif ! grep -q 'change_dir .* failed: No such file or directory' "$meldungen"; then
  echo "veroeffentlichen.sh: Fehler: $WEGWEISER_ZIEL lässt sich nicht ansehen; es wurde nichts gebaut und nichts" \
       "kopiert. rsync meldet:" >&2
  cat "$meldungen" >&2
  exit 2
fi
export TZ="${TZ:-Europe/Berlin}"  # „heute“ und „jetzt geöffnet“ nach deutscher Zeit

.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/wegweiser check .
.venv/bin/wegweiser build .
.venv/bin/wegweiser print .

# Erst alles übertragen, dann auf einmal umbenennen und Altes löschen: Besucher sehen nie eine halbe Website.
rsync --recursive --links --times --compress --delay-updates --delete-after --chmod=D755,F644 site/ "$WEGWEISER_ZIEL"
echo "Veröffentlicht nach $WEGWEISER_ZIEL"

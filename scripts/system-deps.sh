#!/usr/bin/env bash
# Install the Debian packages the test suite needs, and only the ones that are missing:
#   chromium                            browser tests (Playwright drives /usr/bin/chromium;
#                                       Playwright's own browser download is never used)
#   poppler-utils                       pdftoppm/pdftotext for PDF tests
#   fonts-dejavu-core fonts-liberation  fonts for PDFs and screenshots
#   libpango-1.0-0 libpangoft2-1.0-0    WeasyPrint's text layout (the app's PDFs)
#   postgresql (server binaries)        the second test run (scripts/pg-test-cluster.sh)
#   redis-server                        the task queue on Redis (tests start their own server)
# On a machine that has them all this asks no registry and changes nothing.
set -euo pipefail

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# `system-deps.sh --run` (make run): only what the app itself needs, to print its PDFs.
missing=()
for package in fonts-dejavu-core fonts-liberation libpango-1.0-0 libpangoft2-1.0-0; do
  installed "$package" || missing+=("$package")
done
if [[ ${1:-} != --run ]]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  installed poppler-utils || missing+=(poppler-utils)
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "system packages: all present"
  exit 0
fi

echo "system packages: installing ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "system packages missing (${missing[*]}); run this script as root" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database and media directory.
#
#   DATABASE_URL=postgres://…/academy_restored DJANGO_MEDIA_ROOT=/srv/academy/media \
#       deploy/restore.sh /backups/academy/20261123T020000Z
#
# Stop the web units, workers and scheduler first when restoring over production; create the
# empty database with `createdb` (or drop and recreate it). Checks the manifest before touching
# anything, and stops at the first error.
set -euo pipefail
src=${1:?usage: restore.sh BACKUP_DIR}
: "${DATABASE_URL:?DATABASE_URL must be set}"
media=${DJANGO_MEDIA_ROOT:?DJANGO_MEDIA_ROOT must be set}
(cd "$src" && sha256sum --check --quiet SHA256SUMS)
pg_restore --exit-on-error --no-owner --no-privileges --single-transaction --dbname="$DATABASE_URL" "$src/db.dump"
mkdir -p "$media"
tar -C "$media" -xzf "$src/media.tar.gz"
echo "restored $src"

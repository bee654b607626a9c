#!/usr/bin/env bash
# Back up the academy: the PostgreSQL database (pg_dump custom format) and the media files
# (uploads, images, certificate PDFs), with a SHA-256 manifest.
#
#   DATABASE_URL=postgres://… DJANGO_MEDIA_ROOT=/srv/academy/media deploy/backup.sh /backups/academy
#
# Writes <dest>/<timestamp>/{db.dump,media.tar.gz,SHA256SUMS} and prints that directory.
# Consistency: the dump is one snapshot; media files are only ever added (a document replaced
# gets a new name), so taking the dump FIRST and the media second means every file the dump
# references is in the archive.
set -euo pipefail
dest=${1:?usage: backup.sh DEST_DIR}
: "${DATABASE_URL:?DATABASE_URL must be set}"
media=${DJANGO_MEDIA_ROOT:?DJANGO_MEDIA_ROOT must be set}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$dest/$stamp"
mkdir -p "$out"
umask 077
pg_dump --format=custom --compress=6 --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$out/db.dump"
if [ -d "$media" ]; then
	tar -C "$media" -czf "$out/media.tar.gz" .
else
	tar -czf "$out/media.tar.gz" --files-from /dev/null
fi
(cd "$out" && sha256sum db.dump media.tar.gz >SHA256SUMS)
echo "$out"

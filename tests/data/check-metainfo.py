#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-metainfo.py METAINFO SOURCE_ROOT
#
# What appstreamcli cannot check without the network or the repository:
# the built metainfo names this app and its desktop file, its newest
# release is the version meson.build gives the project, and every
# screenshot it shows software centres is a PNG committed in this
# repository (data/screenshots/), at the size the metainfo claims.

import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

REPOSITORY_URL = 'https://raw.githubusercontent.com/konsensus/konsensus/main/'

failures = []


def check(condition, message):
    print(('ok: ' if condition else 'FAIL: ') + message)
    if not condition:
        failures.append(message)


def png_size(path):
    with open(path, 'rb') as f:
        header = f.read(24)
    if len(header) < 24 or header[:8] != b'\x89PNG\r\n\x1a\n' or header[12:16] != b'IHDR':
        return None
    return struct.unpack('>II', header[16:24])


def main():
    if len(sys.argv) != 3:
        print('usage: check-metainfo.py METAINFO SOURCE_ROOT', file=sys.stderr)
        return 2

    metainfo, source_root = sys.argv[1], sys.argv[2]
    with open(os.path.join(source_root, 'meson.build'), encoding='utf-8') as f:
        meson_build = f.read()
    app_id = re.search(r"^app_id\s*=\s*'([^']+)'", meson_build, re.M).group(1)
    version = re.search(r"^project\(.*?version\s*:\s*'([^']+)'", meson_build, re.M | re.S).group(1)

    root = ET.parse(metainfo).getroot()

    check(root.findtext('id') == app_id, 'the component id is %s' % app_id)
    check(root.findtext("launchable[@type='desktop-id']") == app_id + '.desktop',
          'it launches %s.desktop' % app_id)

    releases = [r.get('version') for r in root.findall('releases/release')]
    check(len(releases) > 0 and releases[0] == version,
          'the newest release %s is the project version %s' % (releases[:1], version))

    images = root.findall('screenshots/screenshot/image')
    check(len(images) > 0, 'there is a screenshot')
    for image in images:
        url = (image.text or '').strip()
        check(url.startswith(REPOSITORY_URL), '%s is in the repository' % url)
        path = os.path.join(source_root, url[len(REPOSITORY_URL):])
        size = png_size(path) if os.path.isfile(path) else None
        check(size is not None, '%s is a PNG file in the source tree' % os.path.relpath(path, source_root))
        if size is not None and image.get('width') is not None:
            check(size == (int(image.get('width')), int(image.get('height'))),
                  'its size %dx%d is the one the metainfo gives' % size)

    if failures:
        print('%d check(s) failed' % len(failures))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())

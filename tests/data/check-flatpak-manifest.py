#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-flatpak-manifest.py MANIFEST SOURCE_ROOT
#
# The GNOME runtime cannot be downloaded on the machines that run the
# tests, so flatpak-builder cannot build the manifest here.  This checks
# what would make that build go wrong or give a different app: the manifest
# parses; its app id and command are the ones meson.build gives the app;
# it runs on the GNOME 50 runtime; its sandbox holes are exactly the four
# the app needs (files go through the portal); and its one module builds
# this repository with meson and the same options as ./build-aux/dev.

import json
import os
import re
import shlex
import sys

RUNTIME = 'org.gnome.Platform'
SDK = 'org.gnome.Sdk'
RUNTIME_VERSION = '50'
FINISH_ARGS = ['--share=ipc', '--socket=wayland', '--socket=fallback-x11', '--device=dri']

failures = []


def check(condition, message):
    print(('ok: ' if condition else 'FAIL: ') + message)
    if not condition:
        failures.append(message)


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def meson_app_id(source_root):
    match = re.search(r"^app_id\s*=\s*'([^']+)'", read(os.path.join(source_root, 'meson.build')), re.M)
    return match.group(1) if match else None


def meson_installed_executables(source_root):
    """Names of the executables src/meson.build installs"""
    text = read(os.path.join(source_root, 'src', 'meson.build'))
    names = []
    for match in re.finditer(r"executable\(\s*'([^']+)'(.*?)^\)", text, re.M | re.S):
        if re.search(r'install\s*:\s*true', match.group(2)):
            names.append(match.group(1))
    return names


def dev_meson_options(source_root):
    """The options ./build-aux/dev gives meson setup besides the build
    directory and the prefix of its own install tree"""
    text = read(os.path.join(source_root, 'build-aux', 'dev'))
    options = []
    setup_lines = [l for l in text.splitlines() if re.match(r'\s*meson setup\b', l)]
    if len(setup_lines) != 1:
        return None
    words = shlex.split(setup_lines[0])[2:]
    words = words[1:]                                   # the build directory
    options += [w for w in words if not w.startswith('--prefix') and w != '$@']
    # Arguments the callers of setup_build pass on to it ("$@")
    for line in text.splitlines():
        match = re.match(r'\s*setup_build\b(?!\s*\(\))(.*)$', line)
        if match:
            options += shlex.split(match.group(1).split('#')[0])
    return options


def main():
    if len(sys.argv) != 3:
        print('usage: check-flatpak-manifest.py MANIFEST SOURCE_ROOT', file=sys.stderr)
        return 2

    manifest_path, source_root = sys.argv[1], os.path.realpath(sys.argv[2])

    try:
        manifest = json.loads(read(manifest_path))
    except (OSError, ValueError) as e:
        print('FAIL: %s does not parse: %s' % (manifest_path, e))
        return 1
    check(isinstance(manifest, dict), 'the manifest is a JSON object')

    app_id = meson_app_id(source_root)
    check(app_id is not None, 'meson.build sets app_id')
    ids = [manifest[k] for k in ('id', 'app-id') if k in manifest]
    check(len(ids) > 0 and all(i == app_id for i in ids),
          'the manifest\'s app id %s is meson.build\'s %s' % (ids, app_id))
    check(os.path.basename(manifest_path) == '%s.json' % app_id,
          'the manifest is named after the app id')

    binaries = meson_installed_executables(source_root)
    check(len(binaries) == 1, 'src/meson.build installs one executable %s' % binaries)
    check(manifest.get('command') in binaries,
          'the command %r is the executable meson installs %s' % (manifest.get('command'), binaries))

    check(manifest.get('runtime') == RUNTIME, 'runtime is %s' % RUNTIME)
    check(manifest.get('sdk') == SDK, 'sdk is %s' % SDK)
    check(manifest.get('runtime-version') == RUNTIME_VERSION,
          'runtime-version is the string "%s"' % RUNTIME_VERSION)

    finish_args = manifest.get('finish-args', [])
    check(sorted(finish_args) == sorted(FINISH_ARGS),
          'finish-args are exactly %s (got %s)' % (FINISH_ARGS, finish_args))

    modules = manifest.get('modules', [])
    check(len(modules) == 1 and isinstance(modules[0], dict), 'there is one module')
    if len(modules) != 1 or not isinstance(modules[0], dict):
        return 1
    module = modules[0]

    check(module.get('buildsystem') == 'meson', 'the module builds with meson')

    sources = module.get('sources', [])
    check(len(sources) == 1 and sources[0].get('type') == 'dir',
          'the module has one source, of type dir')
    if len(sources) == 1 and 'path' in sources[0]:
        path = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(manifest_path)),
                                             sources[0]['path']))
        check(path == source_root, 'the source dir %s is this repository' % sources[0]['path'])

    expected = dev_meson_options(source_root)
    check(expected is not None, 'build-aux/dev runs meson setup in one place')
    given = (manifest.get('build-options', {}).get('config-opts', []) +
             module.get('build-options', {}).get('config-opts', []) +
             module.get('config-opts', []))
    check(given == (expected or []),
          'the meson options %s are those of build-aux/dev %s' % (given, expected))

    if failures:
        print('%d check(s) failed' % len(failures))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())

# A "newer build" of a Daybreak p2 repository for tests/cli/update.check.sh: every version 0.1.0.QUALIFIER of Daybreak's
# own artifacts and installable units (bundles, features, root files, product; qualifiers differ per bundle, being the
# time of the last commit that touched it) becomes 0.1.0.QUALIFIER1, which p2 orders after it, with the jars' manifests
# and feature.xml rewritten, the metadata (content and artifacts, as .jar and .xml.xz) rewritten and the sizes and
# checksums of the changed artifacts renewed. usage: p2-newer-build.py OLD_REPO NEW_REPO, where NEW_REPO is a
# (hard-linked) copy of OLD_REPO: changed files are replaced, never edited in place. Prints the new versions of
# org.daybreak.feature and org.daybreak.core.
import hashlib, io, lzma, os, re, sys, zipfile
old_repo, new = sys.argv[1], sys.argv[2]
OURS = re.compile(r'0\.1\.0\.(\d{12})(?!\d)')

def bump(text):
    return OURS.sub(lambda m: m.group(0) + '1', text)

def rewrite_jar(src, dst, names):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst + '.part', 'w', zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in names:
                data = bump(data.decode('utf-8')).encode('utf-8')
            zout.writestr(info, data)
    os.replace(dst + '.part', dst)

changed = {}
for folder, inner in (('plugins', ('META-INF/MANIFEST.MF',)), ('features', ('feature.xml',)), ('binary', ())):
    for f in sorted(os.listdir(os.path.join(new, folder))):
        if not f.startswith('org.daybreak.') or not OURS.search(f):
            continue
        src = os.path.join(new, folder, f)
        dst = os.path.join(new, folder, bump(f))
        if inner:
            rewrite_jar(src, dst, inner)
        else:
            with open(src, 'rb') as i, open(dst + '.part', 'wb') as o:
                o.write(i.read())
            os.replace(dst + '.part', dst)
        os.remove(src)
        changed[bump(f)] = dst

def metadata(name):
    with zipfile.ZipFile(os.path.join(new, name + '.jar')) as z:
        return z.read(name + '.xml').decode('utf-8')

def store(name, text):
    b = text.encode('utf-8')
    for ext in ('.jar', '.xml.xz'):
        p = os.path.join(new, name + ext)
        if os.path.exists(p):
            os.remove(p)  # a hard link to the old repository's file
    with zipfile.ZipFile(os.path.join(new, name + '.jar'), 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr(name + '.xml', b)
    with lzma.open(os.path.join(new, name + '.xml.xz'), 'wb', format=lzma.FORMAT_XZ) as x:
        x.write(b)

store('content', bump(metadata('content')))

def renew(m):
    art = m.group(0)
    ident = re.search(r"id='([^']+)' version='([^']+)'", art)
    if not ident or not ident.group(1).startswith('org.daybreak.'):
        return art
    classifier = re.search(r"classifier='([^']+)'", art).group(1)
    v = ident.group(2)
    fname = {'osgi.bundle': ident.group(1) + '_' + v + '.jar',
             'org.eclipse.update.feature': ident.group(1) + '_' + v + '.jar',
             'binary': ident.group(1) + '_' + v}.get(classifier)
    path = changed.get(fname)
    if path is None:
        return art
    data = open(path, 'rb').read()
    art = re.sub(r"(name='(?:artifact|download)\.size' value=')\d+'", lambda s: s.group(1) + str(len(data)) + "'", art)
    art = re.sub(r"(name='download\.checksum\.sha-256' value=')[0-9a-f]+'",
                 lambda s: s.group(1) + hashlib.sha256(data).hexdigest() + "'", art)
    art = re.sub(r"(name='download\.checksum\.sha-512' value=')[0-9a-f]+'",
                 lambda s: s.group(1) + hashlib.sha512(data).hexdigest() + "'", art)
    art = re.sub(r"(name='download\.md5' value=')[0-9a-f]+'", lambda s: s.group(1) + hashlib.md5(data).hexdigest() + "'", art)
    return art

arts = bump(metadata('artifacts'))
arts = re.sub(r"<artifact [^>]*>.*?</artifact>", renew, arts, flags=re.S)
store('artifacts', arts)
def version_of(prefix, folder):
    return [f[len(prefix):-4] for f in os.listdir(os.path.join(new, folder)) if f.startswith(prefix)][0]

print(version_of('org.daybreak.feature_', 'features'), version_of('org.daybreak.core_', 'plugins'))

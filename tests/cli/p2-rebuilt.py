# A p2 repository as another build of the same commit writes it, for the reproducibility check of
# tests/cli/packaging.check.sh: what differed between two builds of one commit before the packaging step normalised the
# repository (measured 2026-12-07, docs/packaging.md "Provenance"), changed in the same ways: p2.timestamp of content
# and artifacts (the build's clock), the order of the capabilities p2 writes from hash sets (the JRE unit's packages;
# here every unit's capabilities and properties in reverse), the order of the artifacts, the entry times of the
# root files' zips in binary/ (the source files' times, which a fresh checkout sets) with their sizes and checksums,
# the entry time of content.jar and artifacts.jar and the date line of p2.index.
# usage: p2-rebuilt.py BUILT_REPO COPY, where COPY is a (hard-linked) copy of BUILT_REPO: changed files are replaced,
# never edited in place. The packaging step run on COPY must give BUILT_REPO's bytes again. Checks first that
# BUILT_REPO's artifact list gives the root files' zips' true sizes and SHA-256/SHA-512 (exit 1 with a line if not).
# Prints the number of files of COPY that now differ from BUILT_REPO.
import hashlib, lzma, os, re, sys, time, zipfile
built, copy = sys.argv[1], sys.argv[2]
now = time.localtime(time.time() - 3 * 86400)[:6]  # another day than the build's
stamp = str(int(time.time() * 1000))

def replace(path, data):
    os.remove(path)  # perhaps a hard link to the built repository's file
    with open(path, 'wb') as f:
        f.write(data)

def reverse_blocks(xml, open_tag, close_tag, element):
    def rev(m):
        items = re.findall(element, m.group(2), flags=re.S)
        if ''.join(items) != m.group(2):
            return m.group(0)
        return m.group(1) + ''.join(reversed(items)) + m.group(3)
    return re.sub('(' + open_tag + r"[^\n]*\n)(.*?\n)([ \t]*" + close_tag + ')', rev, xml, flags=re.S)

# first, the built repository's own promise: the sizes and checksums its artifact list gives for the root files'
# zips (which the packaging step restamped) are those of the files (p2 refuses to install an artifact that differs)
with zipfile.ZipFile(os.path.join(built, 'artifacts.jar')) as z:
    listed = z.read('artifacts.xml').decode('utf-8')
for m in re.finditer(r"<artifact classifier='binary' id='([^']+)' version='([^']+)'>.*?</artifact>", listed, flags=re.S):
    data = open(os.path.join(built, 'binary', m.group(1) + '_' + m.group(2)), 'rb').read()
    for want in ("name='download.size' value='%d'" % len(data), "name='artifact.size' value='%d'" % len(data),
                 "name='download.checksum.sha-256' value='%s'" % hashlib.sha256(data).hexdigest(),
                 "name='download.checksum.sha-512' value='%s'" % hashlib.sha512(data).hexdigest()):
        if want not in m.group(0):
            sys.exit('the built repository lists binary/%s_%s without %s' % (m.group(1), m.group(2), want))

binaries = {}
for f in sorted(os.listdir(os.path.join(copy, 'binary'))):
    p = os.path.join(copy, 'binary', f)
    with zipfile.ZipFile(p) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    out = p + '.part'
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            n = zipfile.ZipInfo(info.filename, date_time=now)
            n.compress_type = zipfile.ZIP_DEFLATED
            n.external_attr = info.external_attr
            z.writestr(n, data)
    os.remove(p)
    os.replace(out, p)
    binaries[f] = open(p, 'rb').read()

def metadata(name):
    with zipfile.ZipFile(os.path.join(copy, name + '.jar')) as z:
        return z.read(name + '.xml').decode('utf-8')

def store(name, text):
    b = text.encode('utf-8')
    jar = os.path.join(copy, name + '.jar')
    os.remove(jar)
    with zipfile.ZipFile(jar, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo(name + '.xml', date_time=now), b, compress_type=zipfile.ZIP_DEFLATED)
    os.remove(os.path.join(copy, name + '.xml.xz'))
    with lzma.open(os.path.join(copy, name + '.xml.xz'), 'wb', format=lzma.FORMAT_XZ, preset=1) as x:
        x.write(b)

PROPERTY = r"[ \t]*<property [^\n]*/>\n"
PROVIDED = r"[ \t]*<provided [^>]*?(?:/>|>.*?</provided>)\n"
content = re.sub(r"(<property name='p2\.timestamp' value=')\d+'", r"\g<1>" + stamp + "'", metadata('content'))
content = reverse_blocks(content, '<properties size=', '</properties>', PROPERTY)
content = reverse_blocks(content, '<provides size=', '</provides>', PROVIDED)
store('content', content)

def renew(m):
    art = m.group(0)
    data = binaries.get(m.group(1) + '_' + m.group(2))
    if data is None:
        return art
    art = re.sub(r"(name='(?:artifact|download)\.size' value=')\d+'", lambda s: s.group(1) + str(len(data)) + "'", art)
    art = re.sub(r"(name='download\.checksum\.sha-256' value=')[0-9a-f]+'",
                 lambda s: s.group(1) + hashlib.sha256(data).hexdigest() + "'", art)
    return re.sub(r"(name='download\.checksum\.sha-512' value=')[0-9a-f]+'",
                  lambda s: s.group(1) + hashlib.sha512(data).hexdigest() + "'", art)

artifacts = re.sub(r"(<property name='p2\.timestamp' value=')\d+'", r"\g<1>" + stamp + "'", metadata('artifacts'))
artifacts = re.sub(r"<artifact classifier='binary' id='([^']+)' version='([^']+)'>.*?</artifact>", renew, artifacts, flags=re.S)
artifacts = reverse_blocks(artifacts, '<properties size=', '</properties>', PROPERTY)
artifacts = reverse_blocks(artifacts, '<artifacts size=', '</artifacts>', r"[ \t]*<artifact .*?</artifact>\n")
store('artifacts', artifacts)

index = os.path.join(copy, 'p2.index')
lines = open(index, encoding='latin-1').read().split('\n')
lines[0] = time.strftime('#%a %b %d %H:%M:%S UTC %Y', time.gmtime(time.time() - 3 * 86400))
replace(index, '\n'.join(lines).encode('latin-1'))
changed = sum(1 for root, _, files in os.walk(copy) for f in files
              if open(os.path.join(root, f), 'rb').read()
              != open(os.path.join(built, os.path.relpath(os.path.join(root, f), copy)), 'rb').read())
print(changed)

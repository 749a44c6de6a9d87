"""Sanity check for fresh3: gold.yaml loads, has all 17 fields, and every gold text occurs in its document."""
import re, yaml, zipfile, sys
from pathlib import Path
from lxml import etree
H = Path(__file__).resolve().parent
gold = yaml.safe_load((H/'gold.yaml').read_text(encoding='utf-8'))
FIELDS = ['network','title','city','country','summary','action','challenge','challenge_codes','how_overcome','outcome','difference','lessons','start_year','end_year','prepared','authors','budget']
def text_of(name):
    p = H/name
    if name.endswith('.pdf'):
        from pdfminer.high_level import extract_text
        return extract_text(str(p))
    if name.endswith('.docx'):
        import docx
        d = docx.Document(str(p))
        W='{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
        # only the wps Choice branch, to avoid duplicate fallback text
        body = d.element.body
        out=[]
        for el in body.iter():
            if el.tag == W+'t':
                # skip fallback copies
                anc = el.getparent()
                skip=False
                while anc is not None:
                    if anc.tag.endswith('}Fallback'): skip=True;break
                    anc=anc.getparent()
                if not skip: out.append(el.text)
            elif el.tag == W+'p':
                out.append('\n')
        return ' '.join(out)
    raw = p.read_bytes()
    for enc in ('utf-16' if raw[:2]==b'\xff\xfe' else None, 'utf-8-sig', 'cp1250' if 'bydgoszcz' in name else 'cp1252'):
        if not enc: continue
        try: return raw.decode(enc)
        except UnicodeDecodeError: pass
def words(s): return re.findall(r'\w+', s.lower())
ok=True
assert len(gold)==8
for name, e in gold.items():
    assert set(e)=={'form','fact_sheet','fields'}, name
    f=e['fields']; assert list(f)==FIELDS, (name, list(f))
    src = (Path('/work/shared/corpus/facts')/e['fact_sheet']).exists() or (Path('/work/shared/corpus/facts-more')/e['fact_sheet']).exists()
    assert src, e['fact_sheet']
    dw = ' '.join(words(text_of(name)))
    items = [(k,f[k]) for k in ('title','summary','action','challenge','how_overcome','difference','budget') if f[k]]
    items += [('lesson',l) for l in f['lessons']] + [('author',a) for a in f['authors']]
    for k,v in items:
        w=' '.join(words(v))
        if w not in dw:
            ok=False; print('MISSING', name, k, v[:80])
    for k in ('start_year','end_year'):
        assert f[k] is None or isinstance(f[k], int)
    assert f['prepared'] is None or re.fullmatch(r'\d{4}-\d{2}', str(f['prepared'])), f['prepared']
    assert f['outcome'] in (None,'completely','partly','not')
    print(name, 'ok', e['fact_sheet'])
print('ALL OK' if ok else 'PROBLEMS')

print('--- context around each text field')
for name, e in gold.items():
    f=e['fields']; dw=words(text_of(name))
    D=' '.join(dw)
    for k in ('summary','action','challenge','how_overcome','difference'):
        if not f[k]: continue
        w=' '.join(words(f[k])); i=D.find(w)
        before=D[:i].split()[-5:]; after=D[i+len(w):].split()[:6]
        print(f'{name[:12]:12} {k:13} ..{" ".join(before)} [[...]] {" ".join(after)}..')

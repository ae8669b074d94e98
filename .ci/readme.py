"""Write README.md from nbs/index.ipynb (nbdev's `nbdev_readme` needs Quarto, which these machines lack).

Markdown cells are copied; code cells are shown with their text/markdown outputs unless flagged `#| hide`;
relative links into nbs/ are rewritten to work from the repository root.
"""
import json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
nb = json.loads((root / 'nbs' / 'index.ipynb').read_text(encoding='utf-8'))

def directives(src):
    return {m.group(1) for m in re.finditer(r'^#\|\s*([\w-]+)', src, re.M)}

def fix_links(md):
    # ](foo.ipynb) or ](images/x.png) -> ](nbs/...) ; leave absolute URLs and anchors alone
    return re.sub(r'\]\((?!https?:|#|/|nbs/)([^)]+)\)', r'](nbs/\1)', md)

parts = []
for cell in nb['cells']:
    src = ''.join(cell['source'])
    if cell['cell_type'] == 'markdown':
        parts.append(fix_links(src))
    elif cell['cell_type'] == 'code' and not directives(src) & {'hide', 'export', 'exporti'}:
        code = '\n'.join(l for l in src.splitlines() if not l.startswith('#|')).strip()
        if code and 'echo' not in directives(src): parts.append(f'```python\n{code}\n```')
        for out in cell.get('outputs', []):
            data = out.get('data', {})
            if 'text/markdown' in data: parts.append(fix_links(''.join(data['text/markdown'])))
            elif 'text/plain' in data or out.get('output_type') == 'stream':
                parts.append('```\n' + ''.join(data.get('text/plain', out.get('text', ''))).rstrip() + '\n```')

header = '<!-- generated from nbs/index.ipynb by `make readme`; edit the notebook, not this file -->\n\n'
Path(sys.argv[1]).write_text(header + '\n\n'.join(p.strip() for p in parts if p.strip()) + '\n', encoding='utf-8')

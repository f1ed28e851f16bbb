/** A strict little XML reader for the tests: elements, attributes, text, the five entities and numeric references. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  if (/[<]/.test(raw)) throw new Error(`raw "<" at ${where}`);
  return raw.replace(/&([^;]*);?/g, (m, body: string) => {
    if (!m.endsWith(';')) throw new Error(`unterminated entity at ${where}`);
    if (body in NAMED) return NAMED[body] as string;
    const num = /^#(x[0-9a-f]+|\d+)$/i.exec(body);
    if (!num) throw new Error(`unknown entity &${body}; at ${where}`);
    const code = num[1]?.startsWith('x') ? Number.parseInt(num[1].slice(1), 16) : Number(num[1]);
    return String.fromCodePoint(code);
  });
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  const top = () => stack[stack.length - 1] as XmlElement;
  const decl = /^<\?xml[^?]*\?>/.exec(xml);
  if (decl) i = decl[0].length;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text.trim() !== '') {
      if (stack.length === 1) throw new Error(`text outside the root element at ${i}`);
      top().text += decode(text, i);
    }
    if (lt < 0) break;
    const close = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(xml.slice(lt));
    if (close) {
      if (top().name !== close[1]) throw new Error(`</${close[1]}> closes <${top().name}> at ${lt}`);
      stack.pop();
      i = lt + close[0].length;
      continue;
    }
    const open = /^<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*\s*=\s*"[^"]*")*)\s*(\/?)>/.exec(xml.slice(lt));
    if (!open) throw new Error(`malformed tag at ${lt}: ${xml.slice(lt, lt + 40)}`);
    const el: XmlElement = { name: open[1] as string, attrs: {}, children: [], text: '' };
    for (const a of (open[2] as string).matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g)) {
      if ((a[1] as string) in el.attrs) throw new Error(`duplicate attribute ${a[1]} at ${lt}`);
      el.attrs[a[1] as string] = decode(a[2] as string, lt);
    }
    if (stack.length === 1 && root.children.length > 0) throw new Error(`second root element at ${lt}`);
    top().children.push(el);
    if (open[3] !== '/') stack.push(el);
    i = lt + open[0].length;
  }
  if (stack.length !== 1) throw new Error(`<${top().name}> is never closed`);
  const [doc] = root.children;
  if (!doc) throw new Error('no root element');
  return doc;
}

export function all(el: XmlElement, name: string): XmlElement[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);
}

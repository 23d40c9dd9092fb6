import { expect } from 'chai';
import { neutralizeCell, toCsv } from '../export/csv.js';
import { addStaff, makeHarness, signIn } from '../testing/harness.js';
import { renderMarkdown } from './markdown.js';
import { checkPhoto, sniffImage } from './photos.js';

describe('CSV export', () => {
  it('neutralises formula injection and adds a BOM for Excel', () => {
    for (const s of ['=1+1', '+82', '-2+3', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://evil")']) expect(neutralizeCell(s)).to.equal(`'${s}`);
    expect(neutralizeCell('홍길동')).to.equal('홍길동');
    expect(neutralizeCell(-5)).to.equal('-5');
    const csv = toCsv(['이름', '메모'], [['홍길동', '=cmd|" /C calc"!A0'], ['a,b', 'line\nbreak']]);
    expect(csv.startsWith('\uFEFF이름,메모\r\n')).to.equal(true);
    expect(csv).to.include(`홍길동,"'=cmd|"" /C calc""!A0"`);
    expect(csv).to.include('"a,b","line\nbreak"');
  });
});

describe('Markdown', () => {
  it('strips scripts, event handlers, styles, iframes and javascript: links', () => {
    const html = renderMarkdown(
      [
        '# 기호 1 홍길동',
        '**공약**: <script>alert(1)</script> <img src=x onerror=alert(2)>',
        '[click](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=) [ok](https://example.kr)',
        '<iframe src="https://evil"></iframe><a href="#" onclick="alert(4)">x</a><div style="x">y</div>',
      ].join('\n\n'),
    );
    // Raw HTML is shown as inert text (escaped), never as markup; unsafe links are not links.
    const tags = [...html.matchAll(/<([a-z0-9]+)((?:\s+[a-z-]+="[^"]*")*)\s*>/gi)];
    expect(new Set(tags.map((t) => t[1]))).to.deep.equal(new Set(['h3', 'p', 'strong', 'a']));
    for (const t of tags) {
      const attrs = [...(t[2] ?? '').matchAll(/([a-z-]+)="([^"]*)"/gi)];
      for (const [, name, value] of attrs) {
        expect(name).to.be.oneOf(['href', 'rel', 'target']);
        if (name === 'href') expect(value).to.match(/^https:\/\//);
      }
    }
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.to.include('href="javascript');
    expect(html).to.include('<h3>기호 1 홍길동</h3>');
    expect(html).to.include('<strong>공약</strong>');
    expect(html).to.include('<a href="https://example.kr" rel="noopener noreferrer nofollow" target="_blank">ok</a>');
  });

  it('is available to admins as a preview route', async () => {
    const h = makeHarness();
    await addStaff(h, 'ann', 'admin');
    const { agent, csrf } = await signIn(h, 'ann');
    const r = await agent.post('/api/admin/content/preview').set('x-csrf-token', csrf).send({ markdown: '<script>x</script>hi' }).expect(200);
    expect(r.body.html).to.equal('<p>&lt;script&gt;x&lt;/script&gt;hi</p>\n');
  });
});

describe('photos', () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

  it('accept PNG/JPEG/WebP by magic bytes only', () => {
    expect(sniffImage(png)).to.equal('image/png');
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).to.equal('image/jpeg');
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).to.equal('image/webp');
    expect(sniffImage(Buffer.from('<svg onload=alert(1)>'))).to.equal(undefined);
    expect(() => checkPhoto(Buffer.from('GIF89a'), 1000)).to.throw(/PNG, JPEG or WebP/);
    expect(() => checkPhoto(png, 10)).to.throw(/at most/);
    expect(checkPhoto(png, 1000).sha256).to.match(/^[0-9a-f]{64}$/);
  });

  it('upload returns the SHA-256 and the photo is served with its sniffed type', async () => {
    const h = makeHarness();
    await addStaff(h, 'ann', 'admin');
    const { agent, csrf } = await signIn(h, 'ann');
    const up = await agent.post('/api/admin/photos').set('x-csrf-token', csrf).set('Content-Type', 'application/octet-stream').send(png).expect(201);
    const get = await agent.get(up.body.url).expect(200);
    expect(get.headers['content-type']).to.equal('image/png');
    expect(get.headers['x-content-type-options']).to.equal('nosniff');
    const svg = await agent.post('/api/admin/photos').set('x-csrf-token', csrf).set('Content-Type', 'image/png').send(Buffer.from('<svg onload=alert(1)></svg>')).expect(415);
    expect(svg.body.error.code).to.equal('UnsupportedMediaType');
    await agent.post('/api/admin/photos').set('x-csrf-token', csrf).set('Content-Type', 'text/html').send('<b>').expect(415);
  });
});

/** The sample page at /widget/demo: a shop page with the widget snippet, or how to create a widget channel. */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function widgetSnippet(publicUrl: string, key: string): string {
  return `<script src="${publicUrl}/widget/v1.js" data-key="${key}" async></script>`;
}

export function renderWidgetDemoPage(publicUrl: string, channel: { id: string; name: string } | null, lang: 'id' | 'en'): string {
  const t = lang === 'id'
    ? { title: 'Demo widget nilai', intro: 'Halaman contoh toko. Widget survei muncul di pojok kanan bawah sesuai aturan channel', none: 'Belum ada channel widget. Buat satu di aplikasi admin (Pengaturan → Channel → tipe widget) atau lewat API:', snippet: 'Potongan kode untuk situs Anda:' }
    : { title: 'nilai widget demo', intro: 'A sample shop page. The survey widget shows in the bottom right corner by the rules of the channel', none: 'There is no widget channel yet. Create one in the admin app (Settings → Channels, type widget) or with the API:', snippet: 'The snippet for your site:' };
  const body = channel
    ? `<p>${t.intro} <strong>${esc(channel.name)}</strong>.</p><p>${t.snippet}</p><pre><code>${esc(widgetSnippet(publicUrl, channel.id))}</code></pre>${widgetSnippet(publicUrl, channel.id)}`
    : `<p>${t.none}</p><pre><code>${esc(`curl -X POST ${publicUrl}/api/v1/channels -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\\n  -d '{"name":"Website","type":"widget","config":{"allowedOrigins":["https://shop.example.com"]}}'`)}</code></pre>`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${t.title}</title>
<style>body{font:16px/1.5 Georgia,serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#222}pre{background:#f4f4f4;padding:1rem;overflow:auto;white-space:pre-wrap}</style></head>
<body><main><h1>${t.title}</h1>${body}</main></body></html>`;
}

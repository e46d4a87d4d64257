// Chart SVG to PNG for Word (which wants a bitmap beside, or instead of, the SVG). resvg is a
// native module, loaded only when a PNG is asked for so the rest of the CLI starts without it.

/** Renders `svg` at `widthPx` wide (height in proportion) on white. */
export async function svgToPng(svg: string, widthPx: number): Promise<Buffer> {
  const mod = await import('@resvg/resvg-js');
  // CommonJS: the named exports may sit on `default`, depending on how it is loaded.
  const { Resvg } = mod.default ?? mod;
  const r = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.max(1, Math.round(widthPx)) },
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans' },
    background: '#ffffff',
  });
  return r.render().asPng();
}
